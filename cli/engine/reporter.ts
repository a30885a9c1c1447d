// The conformance reporter: turns vitest's results into conformance.json and summary.md
// and prints the per-rule summary. Errors outside tests (a spec file that fails to import,
// a failing hook, an unhandled error, an interrupted run, a test that names no rule) make
// the run non-conformant and are printed: a run never passes vacuously.
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';
import type { Adapter, LinkConditions } from '../../adapters/contract.ts';
import { addFootprints, emptyFootprint, type Footprint } from '../../fixtures/footprint.ts';
import type { SpecMeta } from '../../fixtures/meta.ts';
import { codeDifferences } from '../../fixtures/codes.ts';
import { Trace, type TraceEntry } from '../../fixtures/trace.ts';
import type { Rule } from '../../specs/catalog.ts';
import { SUITE } from '../../specs/suite.ts';
import type { BudgetPlan } from './budget.ts';
import { aggregate, isConformant, totalsOf, type SpecOutcome } from '../report/aggregate.ts';
import { writeReportFiles } from '../report/outputs.ts';
import { redact, redactDeep, secretValues } from '../report/redact.ts';
import { replayCommand, type ReplayInput } from '../report/replay.ts';
import { parseReport, type ConformanceReport, type InterruptSignal, type Shard, type Timing } from '../report/report-schema.ts';
import { titleRuleId } from './select.ts';
import { renderConsoleSummary } from '../report/summary.ts';

/** The errors the reporter itself records when a run ran no spec at all (the CLI turns such a run into exit 2). */
export const isNoSpecError = (error: string): boolean => /^no spec (ran at all|titled ")/.test(error);

export interface ConformanceReporterOptions {
  /** The --adapter argument as the user gave it (for replay commands). */
  adapterArg: string;
  /** For the remote adapter: the flags that reach its driver again, for replay commands. */
  driverFlags?: string[];
  adapter: Pick<Adapter, 'name' | 'version' | 'capabilities' | 'statusNumbering' | 'codes'>;
  /** A remote run: the driver program, from its handshake. */
  driver?: { name: string; version: string };
  seed: number;
  /** The whole catalog: every test title is checked against it. */
  catalog: readonly Rule[];
  /** The rules this run covers, in catalog order (the whole catalog unless --rules/--test). */
  selected: readonly Rule[];
  /** The --rules pattern, if any. */
  selection?: string;
  /** The --test title, if any. */
  test?: string;
  /** The --timeout given, only when it is not the default (repeated in replay commands). */
  timeoutMs?: number;
  /** The --runs given, if any (repeated in replay commands). */
  runs?: number;
  /** The --shard, if any (recorded in the report). */
  shard?: Shard;
  /** Where conformance.json and summary.md go; nothing is written when undefined. */
  outDir?: string;
  /** Defaults to process.stdout. */
  print?: (text: string) => void;
  /** Whose *SECRET* / *KEY* values are redacted; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** --latency/--jitter, when given. */
  link?: LinkConditions;
  /** The calibrated deadlines, and what the calibration itself cost. */
  timing?: Timing;
  calibrationFootprint?: Footprint;
  /** The budget's plan, when the run had one. */
  budget?: BudgetPlan & { from: ('--budget' | 'adapter')[] };
}

export class ConformanceReporter implements Reporter {
  /** The report of the finished run; undefined until onTestRunEnd has run. */
  report: ConformanceReport | undefined;
  /** Set when the reporter itself failed (e.g. the report did not pass its schema). */
  failure: Error | undefined;
  /** Set when a signal stopped the run (cli/engine/interrupt.ts): the report is partial and says so. */
  interruptedBy: InterruptSignal | undefined;
  private readonly startedAt = new Date();
  private readonly secrets: string[];

  constructor(private readonly options: ConformanceReporterOptions) {
    this.secrets = secretValues(options.env ?? process.env);
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): Promise<void> {
    const errors = unhandledErrors.map((e) => `unhandled error: ${formatError(e)}`);
    if (reason === 'interrupted') {
      const by = this.interruptedBy === undefined ? '' : ` (${this.interruptedBy})`;
      errors.push(`the run was interrupted${by} before every spec had finished`);
    }
    await this.finish(testModules, errors);
  }

  /** Builds, validates, writes and prints the report. Also called by the CLI when vitest ran nothing at all. */
  async finish(testModules: ReadonlyArray<TestModule>, extraErrors: readonly string[] = []): Promise<ConformanceReport | undefined> {
    try {
      const report = this.build(testModules, extraErrors);
      await this.write(report);
      this.report = report;
      return report;
    } catch (e) {
      this.failure = e as Error;
      this.print(`im-conformance: INTERNAL ERROR while building the report: ${redact((e as Error).stack ?? String(e), this.secrets)}\n`);
      return undefined;
    }
  }

  build(testModules: ReadonlyArray<TestModule>, extraErrors: readonly string[] = []): ConformanceReport {
    const o = this.options;
    const interrupted = this.interruptedBy;
    const { outcomes, errors, warnings, cutShort } = collectOutcomes(testModules, { ...o, interrupted: interrupted !== undefined });
    errors.push(...extraErrors);
    if (outcomes.length === 0 && errors.length === 0) {
      if (o.test !== undefined) errors.push(`no spec titled "${o.test}" ran: check the title (see the spec files in specs/)`);
      else if (o.selected.some((r) => r.untested === undefined)) {
        errors.push('no spec ran at all: vitest found no spec for the selected rules (are there spec files in specs/?)');
      }
    }
    const agg = aggregate(o.selected, outcomes, { errors, singleTest: o.test !== undefined });
    if (interrupted) {
      // A rule is judged only on all of its specs: one the interruption cut short leaves it untested, unless another failed.
      for (const rule of agg.rules) {
        const partial = cutShort.has(rule.id) || (rule.specs.length === 0 && o.selected.find((r) => r.id === rule.id)?.untested === undefined);
        if (partial && rule.status !== 'fail') Object.assign(rule, { status: 'not-tested', reason: RUN_INTERRUPTED });
      }
      agg.totals = totalsOf(agg.rules);
      agg.conformant = isConformant(agg.totals, errors);
      agg.warnings = []; // "no spec for rule X" means nothing when the run was cut short
    }
    const adapter: ConformanceReport['adapter'] = {
      name: o.adapter.name,
      version: o.adapter.version,
      capabilities: [...o.adapter.capabilities],
    };
    if (o.driver) adapter.driver = { ...o.driver };
    if (o.adapter.statusNumbering) adapter.statusNumbering = { ...o.adapter.statusNumbering };
    if (o.adapter.codes) adapter.nativeCodes = codeDifferences(o.adapter.codes);
    const footprint = addFootprints(emptyFootprint(), o.calibrationFootprint ?? emptyFootprint());
    for (const outcome of outcomes) if (outcome.footprint) addFootprints(footprint, outcome.footprint);
    const report: ConformanceReport = {
      schemaVersion: 1,
      suite: { ...SUITE },
      adapter,
      seed: o.seed,
      ...(o.link ? { link: { ...o.link } } : {}),
      ...(o.timing ? { timing: o.timing } : {}),
      footprint,
      ...(o.budget ? { budget: { limits: o.budget.budget, from: o.budget.from, ...(o.budget.estimate ? { estimate: o.budget.estimate } : {}), cuts: o.budget.cuts } } : {}),
      startedAt: this.startedAt.toISOString(),
      durationMs: Date.now() - this.startedAt.getTime(),
      rules: agg.rules,
      totals: agg.totals,
      errors,
      warnings: [...warnings, ...agg.warnings],
      conformant: agg.conformant,
    };
    if (o.selection !== undefined) report.selection = o.selection;
    if (o.test !== undefined) report.test = o.test;
    if (o.shard !== undefined) report.shard = { ...o.shard };
    if (interrupted) report.interrupted = interrupted;
    return parseReport(redactDeep(report, this.secrets));
  }

  private async write(report: ConformanceReport): Promise<void> {
    const dir = this.options.outDir;
    if (dir !== undefined) await writeReportFiles(dir, report);
    const rel = dir === undefined ? undefined : relative(process.cwd(), dir) || '.';
    const shownDir = rel === undefined || rel.startsWith('..') ? dir : rel;
    this.print(renderConsoleSummary(report, shownDir));
  }

  private print(text: string): void {
    (this.options.print ?? ((t: string) => process.stdout.write(t)))(redact(text, this.secrets));
  }
}

type CollectOptions = Pick<ConformanceReporterOptions, 'adapterArg' | 'driverFlags' | 'seed' | 'catalog' | 'selected' | 'test' | 'timeoutMs' | 'runs' | 'link'> & {
  /** A signal stopped the run: specs it cut short are left out, their rules listed in `cutShort`. */
  interrupted?: boolean;
};

/** The reason of a rule the interruption kept from running all its specs. */
export const RUN_INTERRUPTED = 'run interrupted';

/** Spec outcomes of the selected rules, plus errors outside tests and warnings, from vitest's modules. */
export function collectOutcomes(
  testModules: ReadonlyArray<TestModule>,
  o: CollectOptions,
): { outcomes: SpecOutcome[]; errors: string[]; warnings: string[]; cutShort: Set<string> } {
  const known = new Set(o.catalog.map((r) => r.id));
  const selected = new Set(o.selected.map((r) => r.id));
  const outcomes: SpecOutcome[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const cutShort = new Set<string>();

  for (const mod of testModules) {
    const file = mod.relativeModuleId;
    for (const e of mod.errors()) errors.push(`${file}: ${formatError(e)}`);
    for (const suite of mod.children.allSuites()) {
      for (const e of suite.errors()) errors.push(`${file} > ${suite.fullName}: ${formatError(e)}`);
    }
    for (const test of mod.children.allTests()) {
      const where = `${file} > ${test.fullName}`;
      const meta: SpecMeta | undefined = test.meta().conformance;
      const fromTitle = titleRuleId(test.name);
      if (fromTitle === undefined || !known.has(fromTitle)) {
        errors.push(
          `spec "${where}" names no catalog rule: a spec title must start with "<rule ID>: " and the ID must be in specs/catalog.ts`,
        );
        continue;
      }
      if (meta?.ruleId !== undefined && meta.ruleId !== fromTitle) {
        errors.push(`spec "${where}" sets meta.conformance.ruleId "${meta.ruleId}" but its title names "${fromTitle}"`);
        continue;
      }
      const ruleId = fromTitle;
      const chosen = selected.has(ruleId) && (o.test === undefined || test.name === o.test);
      if (o.interrupted && wasCutShort(test)) {
        if (chosen) cutShort.add(ruleId);
        continue;
      }
      const outcome = testOutcome(test, ruleId, meta, o);
      if (outcome === undefined) continue;
      if (!chosen) {
        warnings.push(`spec "${where}" ran although its rule was not selected; its result is left out`);
        continue;
      }
      outcomes.push(outcome);
    }
  }
  return { outcomes, errors, warnings, cutShort };
}

/** On an interrupted run, vitest aborts the specs running (TestRunAbortError) and skips those not started. */
function wasCutShort(test: TestCase): boolean {
  const result = test.result();
  if (result.state === 'pending') return true;
  if (result.state === 'skipped') return test.meta().conformance?.notApplicable === undefined;
  return result.state === 'failed' && result.errors.some((e) => e.name === 'TestRunAbortError');
}

function testOutcome(test: TestCase, ruleId: string, meta: SpecMeta | undefined, o: CollectOptions): SpecOutcome | undefined {
  const result = test.result();
  const durationMs = Math.max(0, Math.round(test.diagnostic()?.duration ?? 0));
  const base: SpecOutcome = { ruleId, title: test.name, durationMs, status: 'pass', ...(meta?.footprint ? { footprint: meta.footprint } : {}), ...(meta?.runs !== undefined ? { runs: meta.runs } : {}), ...(meta?.caseFootprints?.length ? { caseFootprints: meta.caseFootprints } : {}) };
  // Every failure carries the command that reruns it alone: same adapter, seed, title (and path).
  const failed = (message: string): SpecOutcome => {
    // The run's spec guard ended it: no verdict either way (fixtures/spec.ts).
    if (meta?.notTested !== undefined) return { ...base, status: 'not-tested', reason: meta.notTested };
    const replay: ReplayInput = { adapterArg: o.adapterArg, seed: meta?.seed ?? o.seed, title: test.name };
    if (o.driverFlags !== undefined) replay.driverFlags = o.driverFlags;
    if (meta?.path !== undefined) replay.path = meta.path;
    if (o.runs !== undefined) replay.runs = o.runs;
    if (o.timeoutMs !== undefined) replay.timeoutMs = o.timeoutMs;
    if (o.link !== undefined) replay.link = o.link;
    // A failure the spec did not classify (an error outside spec(): a hook, a crash) is an error.
    const outcome: SpecOutcome = { ...base, status: 'fail', message, failure: meta?.failure ?? { kind: 'error' }, replay: replayCommand(replay) };
    if (meta?.counterexample !== undefined) outcome.counterexample = meta.counterexample;
    if (meta?.trace?.length) {
      outcome.trace = formatTrace(meta.trace);
      outcome.traceEntries = meta.trace.map(({ seq, who, what }) => ({ seq, who, what }));
    }
    return outcome;
  };
  switch (result.state) {
    case 'passed':
      if (meta?.notApplicable !== undefined) return { ...base, status: 'not-applicable', reason: meta.notApplicable };
      return { ...base, status: 'pass' };
    case 'skipped': {
      // Left out by the budget's plan: not tested, with what the plan said.
      if (meta?.notTested !== undefined) return { ...base, status: 'not-tested', reason: meta.notTested };
      // Ran and skipped itself (ctx.skip): not applicable, with the spec's reason.
      if (meta !== undefined || result.note !== undefined) {
        const reason = meta?.notApplicable ?? result.note ?? 'skipped at run time without a reason (set meta.conformance.notApplicable)';
        return { ...base, status: 'not-applicable', reason };
      }
      // Never started: filtered out, it.skip/todo, or a failing beforeAll above it.
      const broken = failedAncestor(test);
      if (broken === undefined) return undefined;
      return failed(`did not run: ${broken}`);
    }
    case 'pending':
      return failed('did not finish (the run ended while the spec was still running)');
    case 'failed': {
      const message =
        result.errors
          .map((e) => [`${e.name && e.name !== 'Error' && e.name !== 'AssertionError' ? `${e.name}: ` : ''}${e.message}`, e.diff].filter(Boolean).join('\n'))
          .map((m) => stripVTControlCharacters(m))
          .join('\n\n') || 'failed without an error message';
      return failed(message);
    }
  }
}

function failedAncestor(test: TestCase): string | undefined {
  for (let p: TestSuite | TestModule = test.parent; ; p = p.parent) {
    const e = p.errors()[0];
    if (e) return `${p.type === 'module' ? p.relativeModuleId : `suite "${p.fullName}"`} failed: ${firstLine(e.message)}`;
    if (p.type === 'module') return undefined;
  }
}

const firstLine = (s: string) => s.split('\n')[0] ?? '';

function formatTrace(entries: readonly TraceEntry[]): string {
  const t = new Trace();
  t.entries.push(...entries);
  return t.toString();
}

/** "Name: message" and the first frames of the stack, enough to find the cause. */
export function formatError(e: SerializedError): string {
  const head = `${e.name ?? 'Error'}: ${e.message}`;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s*at /.test(l) && !l.includes('node_modules'))
    .slice(0, 3)
    .map((l) => `    ${l.trim()}`);
  return [head, ...frames].join('\n');
}
