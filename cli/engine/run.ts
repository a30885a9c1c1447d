// `im-conformance run`, as a function: validates the request, loads the adapter, runs the
// specs under vitest with our reporter (plus junit and allure) and returns the verdict.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AllureVitestReporter from 'allure-vitest/reporter';
import { startVitest, type TestModule } from 'vitest/node';
import type { Adapter, Budget, Footprint, LinkConditions } from '../../adapters/contract.ts';
import { adapterPath, builtinAdapters, loadAdapter } from '../../adapters/registry.ts';
import { resolveAdapterOptions } from '../../adapters/options.ts';
import { connectRemoteRun } from '../../adapters/remote/cli.ts';
import { FOOTPRINT_KEYS, tighter } from '../../fixtures/footprint.ts';
import { conformanceWorkers, DEFAULT_SEED, DEFAULT_TIMEOUT_MS, RunConfig } from '../../fixtures/run-config.ts';
import { CATALOG } from '../../specs/catalog.ts';
import { completeAllureResults } from '../report/allure.ts';
import { costsOf, planBudget, type BudgetPlan } from './budget.ts';
import { calibrate } from './calibrate.ts';
import { UsageError } from '../errors.ts';
import { interruptExitCode, type Interrupt } from './interrupt.ts';
import { ProgressReporter } from './progress.ts';
import { ConformanceReporter } from './reporter.ts';
import { redactFiles, secretValues } from '../report/redact.ts';
import type { ConformanceReport, Shard } from '../report/report-schema.ts';
import { planSelection, specFilesOf } from './select.ts';

/** The project root: where vitest.config.ts and specs/ are. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export { UsageError };

export interface RunOptions {
  /** NAME (reference, mutant:NAME) or PATH of an adapter module, as the user gave it. */
  adapter: string;
  /** Comma-separated globs over rule IDs and group names. */
  rules?: string;
  /** The full title of one spec (replay). */
  test?: string;
  seed?: number;
  /** fast-check replay path; only with `test`. */
  path?: string;
  runs?: number;
  timeoutMs?: number;
  /** With adapter "remote": the ws:// URL of a running driver (the CLI starts a --driver-cmd and puts its URL here). */
  driver?: string;
  /** With adapter "remote": the --driver-cmd that started the driver (replay commands start it again). */
  driverCmd?: string;
  /** With adapter "remote": the --driver-listen the driver dialed in to (`driver` is then the suite's relay). */
  driverListen?: string;
  /** Default: reports/ under the current directory. */
  outDir?: string;
  /** Where the summary is printed; default process.stdout. */
  print?: (text: string) => void;
  /** Spec globs relative to the project root, instead of the config's specs/**\/*.spec.ts (self-tests). */
  specs?: string[];
  /** `--shard I/N`: only the I-th of N deterministic parts of the selected rules (cli/engine/select.ts). */
  shard?: Shard;
  /** Ctrl-C and SIGTERM stop the run and leave a partial report (cli/engine/interrupt.ts). */
  interrupt?: Interrupt;
  /** --latency/--jitter: delay on every client link (adapters with network faults). */
  link?: LinkConditions;
  /** Self-tests: the guard on a whole spec, instead of the one scaled from the calibration. */
  specGuardMs?: number;
  /** --budget: limits on the run's footprint (the adapter's own `limits` apply too; the tighter wins). */
  budget?: Budget;
  /** Where progress goes while the run goes (the CLI: stderr); none when undefined. */
  progress?: { write(text: string): void; isTTY?: boolean };
  /** --no-shrink: failing properties are reported as their first failing case, unshrunk (faster). */
  noShrink?: boolean;
  /** The adapter's own --NAME VALUE options (adapters/options.ts), checked once the adapter is loaded. */
  adapterFlags?: Record<string, string>;
  /** A budget limits the footprint: one lane per spec, no shrinking (RunConfig.budgeted); set by the plan, and for its measuring run. */
  budgeted?: boolean;
}

export interface RunResult {
  /** 0 conformant, 1 not conformant (or no report could be made), 128 + the signal's number when interrupted. */
  exitCode: number;
  report: ConformanceReport | undefined;
  outDir: string;
}

/**
 * Under a budget (--budget, the adapter's `limits`): the plan, made from what each selected spec
 * costs on the in-process reference at the same seed (a quick run of its own), or a UsageError when
 * nothing fits. No budget: undefined, every spec runs whole.
 */
async function planWithin(o: RunOptions, adapter: Adapter, calibration: Footprint): Promise<(BudgetPlan & { from: ('--budget' | 'adapter')[] }) | undefined> {
  const budget = tighter(adapter.limits, o.budget);
  if (budget === undefined || Object.keys(budget).length === 0) return undefined;
  const from = [...(o.budget ? (['--budget'] as const) : []), ...(adapter.limits ? (['adapter'] as const) : [])];
  // Only a rate: nothing to plan, the logins are paced (fixtures/checked-adapter.ts).
  if (!FOOTPRINT_KEYS.some((k) => budget[k] !== undefined)) return { budget, specs: {}, estimate: undefined, cuts: [], from };
  const scratch = await mkdtemp(join(tmpdir(), 'imc-plan-'));
  try {
    const { rules, test, seed, runs, path, specs, shard } = o;
    const selection = Object.fromEntries(Object.entries({ rules, test, seed, runs, path, specs, shard }).filter(([, v]) => v !== undefined));
    // Measured as the run will go: one lane per spec (RunConfig.budgeted).
    const measured = await runConformance({ ...selection, budgeted: true, adapter: 'reference', outDir: scratch, print: () => {} });
    if (!measured.report) throw new Error('the budget could not be planned: the run that measures what each spec costs made no report');
    return { ...planBudget(costsOf(measured.report), budget, calibration), from };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The driver flags a replay command repeats: the same driver, started or awaited the same way. */
function replayDriverFlags({ driver, driverCmd, driverListen }: RunOptions): string[] {
  if (driverListen !== undefined) return ['--driver-listen', driverListen, ...(driverCmd !== undefined ? ['--driver-cmd', driverCmd] : [])];
  if (driverCmd !== undefined) return ['--driver-cmd', driverCmd];
  return driver !== undefined ? ['--driver', driver] : [];
}

export async function runConformance(o: RunOptions): Promise<RunResult> {
  const { selected, pattern } = planSelection(o);
  const include = o.specs ?? specFilesOf(selected);
  // remote: one handshake here names the SDK and its capabilities, for the report and every worker.
  const remote = o.adapter === 'remote' ? await connectRemoteRun(o.driver, o.timeoutMs ?? DEFAULT_TIMEOUT_MS) : undefined;
  const adapter = remote?.adapter ?? (await loadAdapter(o.adapter)); // AdapterLoadError: the caller exits 2
  if (o.link && !adapter.capabilities.includes('network-faults')) {
    remote?.close();
    throw new UsageError(`--latency and --jitter need an adapter that declares "network-faults"; ${adapter.name} does not`);
  }
  // The adapter's own options, checked (AdapterOptionError: exit 2); the workers read them from the environment.
  try {
    Object.assign(process.env, resolveAdapterOptions(adapter, o.adapterFlags).env);
  } catch (e) {
    remote?.close();
    throw e;
  }
  // Deadlines follow the link: timed on one deployment before the specs (cli/engine/calibrate.ts).
  const calibration = await calibrate(adapter, { ...(o.link ? { link: o.link } : {}), ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) });
  remote?.close();
  const timing = { ...calibration.timing, ...(o.specGuardMs !== undefined ? { specGuardMs: o.specGuardMs } : {}) };
  const plan = await planWithin(o, adapter, calibration.footprint);
  // Parallelism follows the link too: a run that waits on it gets a second worker.
  const workers = conformanceWorkers(calibration.timing.roundTripMs);
  // A rate limit on logins, shared by the workers: each paces its own logins to its share.
  const loginIntervalMs = plan?.budget.loginsPerMinute ? (60_000 * workers) / plan.budget.loginsPerMinute : undefined;
  const seed = o.seed ?? DEFAULT_SEED;
  const outDir = resolve(o.outDir ?? 'reports');
  const junitFile = join(outDir, 'junit.xml');
  const allureDir = join(outDir, 'allure-results');

  // The run's one plan, handed to every spec worker (vitest's provide; fixtures/run-config.ts).
  const workerAdapter = o.adapter in builtinAdapters() ? o.adapter : adapterPath(o.adapter);
  const runConfig = RunConfig.parse({
    adapter: workerAdapter,
    seed,
    timeoutMs: timing.callDeadlineMs,
    roundTripMs: timing.loadRoundTripMs,
    specGuardMs: timing.specGuardMs,
    loginIntervalMs,
    runs: o.runs,
    path: o.path,
    driver: remote ? o.driver : undefined,
    driverInfo: remote?.info,
    link: o.link,
    plan: plan?.specs,
    noShrink: o.noShrink,
    ...(o.budgeted || plan?.estimate !== undefined ? { budgeted: true } : {}),
  });
  /** vitest's own timeout is a backstop behind the spec guard, which reports itself as what it is. */
  const backstopMs = runConfig.specGuardMs + 60_000;

  await rm(allureDir, { recursive: true, force: true });
  const reporterOptions: ConstructorParameters<typeof ConformanceReporter>[0] = {
    adapterArg: o.adapter,
    ...(o.adapter === 'remote' ? { driverFlags: replayDriverFlags(o) } : {}),
    adapter,
    seed,
    catalog: CATALOG,
    selected,
    outDir,
    timing,
    calibrationFootprint: calibration.footprint,
  };
  if (o.link !== undefined) reporterOptions.link = o.link;
  if (remote) reporterOptions.driver = remote.driver;
  if (plan !== undefined) reporterOptions.budget = plan;
  if (o.rules !== undefined) reporterOptions.selection = o.rules;
  if (o.test !== undefined) reporterOptions.test = o.test;
  if (o.timeoutMs !== undefined) reporterOptions.timeoutMs = o.timeoutMs;
  if (o.print !== undefined) reporterOptions.print = o.print;
  if (o.runs !== undefined) reporterOptions.runs = o.runs;
  if (o.shard !== undefined) reporterOptions.shard = o.shard;
  const reporter = new ConformanceReporter(reporterOptions);

  // vitest's own console output (e.g. "JUNIT report written to") is held back: our reporter
  // prints the summary. It is shown only when vitest ended without a test run.
  let vitestOutput = '';
  const quiet = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      vitestOutput += chunk.toString();
      done();
    },
  });
  try {
    const vitest = await startVitest(
      'test',
      [],
      {
        root: PROJECT_ROOT,
        config: join(PROJECT_ROOT, 'vitest.config.ts'),
        run: true,
        watch: false,
        passWithNoTests: true,
        maxWorkers: workers,
        provide: { runConfig },
        testTimeout: backstopMs,
        hookTimeout: backstopMs,
        ...(pattern ? { testNamePattern: pattern } : {}),
        ...(include ? { include } : {}),
        reporters: [
          reporter,
          ...(o.progress ? [new ProgressReporter({ rules: selected.filter((r) => r.untested === undefined), write: (t) => o.progress!.write(t), live: o.progress.isTTY === true })] : []),
          ...(o.interrupt ? [o.interrupt.reporter((signal) => (reporter.interruptedBy = signal))] : []),
          ['junit', { outputFile: junitFile }],
          new AllureVitestReporter({ resultsDir: allureDir }),
        ],
      },
      undefined,
      { stdout: quiet },
    );
    await vitest.close(); // startVitest closes it in run mode already; this is idempotent
  } finally {
    o.interrupt?.release();
  }

  if (!reporter.report && !reporter.failure) {
    if (vitestOutput.trim()) process.stderr.write(vitestOutput);
    // vitest ended without a test run (e.g. no spec files, or a config error it printed itself).
    const modules: TestModule[] = [];
    await reporter.finish(modules, ['vitest ended without running the specs (no spec files found, or a configuration error above)']);
  }
  // Every rule in Allure (not-applicable and not-tested ones too), with its counterexample, trace and replay.
  if (reporter.report) await completeAllureResults(allureDir, reporter.report);
  await redactFiles([junitFile, allureDir], secretValues());
  const report = reporter.report;
  const exitCode = report?.interrupted ? interruptExitCode(report.interrupted) : report?.conformant ? 0 : 1;
  return { exitCode, report, outDir };
}
