// The command line: `im-conformance run|rules`. Exit 0 conformant, 1 not, 2 usage or configuration error
// (always one line: "im-conformance: <what is wrong>").
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdapterLoadError, loadAdapter } from '../adapters/registry.ts';
import { DEFAULT_DRIVER_WAIT_MS, DriverSetupError, checkDriverFlags, driverSchemaCommand, hostDriverSocket, launchDriver, parseListen } from '../adapters/remote/cli.ts';
import { AdapterOptionError, adapterOptionsHelp, resolveAdapterOptions } from '../adapters/options.ts';
import { CATALOG } from '../specs/catalog.ts';
import { SUITE, suiteText } from '../specs/suite.ts';
import type { Budget } from '../adapters/contract.ts';
import { BUDGET_FLAG_NAMES, FOOTPRINT_KEYS } from '../fixtures/footprint.ts';
import { parseBudget } from './engine/budget.ts';
import { CALIBRATION_FOOTPRINT } from './engine/calibrate.ts';
import { parseFlags, type Flags } from './args.ts';
import { UsageError } from './errors.ts';
import { initAdapterCommand } from './commands/init-adapter.ts';
import { Interrupt } from './engine/interrupt.ts';
import { parseShard, planSelection } from './engine/select.ts';
import type { RunOptions } from './engine/run.ts';
import type { Io } from './io.ts';

export type { Io };

export const USAGE = `usage: im-conformance <command> [options]

commands:
  run --adapter NAME|PATH   run the conformance specs against an adapter
      [--rules PATTERN]     only these rules: comma-separated globs over rule IDs or groups (switch.*,ticket)
      [--test TITLE]        only the spec with this full title (replay)
      [--seed N]            seed for the property specs (default 20261127)
      [--path P]            fast-check replay path (with --test)
      [--runs N]            runs per property
      [--timeout MS]        deadline of each adapter call (default 5000)
      [--timeout-multiplier X]  scale that deadline (slow devices, emulators, CI): 2.5 → 12500 ms
                            (without --timeout the deadline is calibrated from the link's round trips)
      [--latency MS]        one-way delay on every client link, both directions (adapters with network-faults)
      [--jitter MS]         with --latency: each piece of traffic is delayed by latency ± up to MS
      [--budget LIMITS]     plan the run within limits on what it uses of the service, e.g. accounts=100
                            (deployments, instances, logins, accounts, server-calls; logins-per-minute paces logins)
      [--driver URL]        with --adapter remote: a running driver (ws://HOST:PORT)
      [--driver-cmd CMD]    with --adapter remote: start this driver for the run, stop it after
      [--driver-listen [HOST:]PORT]  with --adapter remote: the driver dials in to the suite here
                            (a browser page, an app on a device); with --driver-cmd, that command is
                            started with the URL in IMC_DRIVER_URL
      [--driver-wait MS]    with --driver-listen: how long to wait for the driver (default 60000)
      [--NAME VALUE]        an option of the adapter's own (e.g. --tencent-region); run --adapter X --help lists them
      [--out DIR]           where reports go (default ./reports)
      [--shard I/N]         only the I-th of N parts of the selection (one per CI machine; join them with merge)
      [--list]              dry run: print the rules and specs that would run, run nothing
      [--no-shrink]         report a failing property's first failing case as it ran, unshrunk (faster; its replay shrinks it)
      [--repeat N]          run N times with seeds seed, seed+1, …; report rules whose outcome changed as flaky
      [--baseline FILE]     exit 0 unless a rule regresses or a known failure passes (see README: baselines)
      [--write-baseline FILE]  write the baseline this run matches (keeps the reasons of unchanged entries)
  rules [--json]            list the rule catalog
  driver-schema [--out FILE]     the driver protocol as JSON Schema (for drivers in any language)
  init-adapter NAME [--out FILE] write a skeleton adapter module (default ./NAME.ts)
  compare A.json B.json … [--html FILE]   reports side by side (one column each), regressions and fixes first
  merge A.json B.json … [--out DIR] [--baseline FILE]   join the shards' conformance.json into one report
  replay REPORT.json RULE_ID [--out DIR]  rerun each failure of a rule with the replay command in the report

exit: 0 conformant, 1 not conformant, 2 usage or configuration error
`;

const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), progress: process.stderr };

const fail = (io: Io, message: string): 2 => {
  io.err(`im-conformance: ${message.split('\n')[0]}\n`);
  return 2;
};

function integer(flag: string, value: string | undefined, positive: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be ${positive ? 'a positive integer' : 'an integer'}, got "${value}"`);
  }
  const n = Number(value);
  if (positive && n <= 0) throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}

/** The longest per-call deadline: one day. A whole spec may take 12 of them, which a timer can still wait (2^31-1 ms). */
const MAX_TIMEOUT_MS = 86_400_000;

/** Refuses now what would fail only after the run: a --out whose nearest existing path is not a directory. */
function checkOutDir(dir: string): void {
  let existing = resolve(dir);
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) throw new UsageError(`--out ${dir}: ${existing} is a file, not a directory`);
}

/** A file written after the run (--write-baseline): its directory must exist now, and the file must not be a directory. */
function checkOutFile(flag: string, file: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag} ${file}: there is no directory ${dir} to write it in`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${flag} ${file} is a directory, not a file`);
}

/** A budget below what the calibration alone uses can test nothing: refused before anything runs. */
function checkBudget(budget: Budget): Budget {
  for (const key of FOOTPRINT_KEYS) {
    const limit = budget[key];
    if (limit !== undefined && limit < CALIBRATION_FOOTPRINT[key]) {
      throw new UsageError(`the budget ${BUDGET_FLAG_NAMES[key]}=${limit} is too small to test anything: the calibration alone uses ${BUDGET_FLAG_NAMES[key]}=${CALIBRATION_FOOTPRINT[key]}, and every spec more`);
    }
  }
  return budget;
}

/** --latency and --jitter: milliseconds, whole or not, at most a minute. */
function linkConditions(latency: string | undefined, jitter: string | undefined): RunOptions['link'] {
  if (latency === undefined && jitter === undefined) return undefined;
  if (latency === undefined) throw new UsageError('--jitter goes with --latency (the one-way delay it varies)');
  const ms = (flag: string, value: string) => {
    const n = Number(value);
    if (!/^\s*\d*\.?\d+\s*$/.test(value) || !(n <= 60_000)) throw new UsageError(`--${flag} must be a number of milliseconds from 0 to 60000, got "${value}"`);
    return n;
  };
  return { delayMs: ms('latency', latency), jitterMs: jitter === undefined ? 0 : ms('jitter', jitter) };
}

const parse = (args: string[], options: Flags) => parseFlags(args, options).values;

/** The suite's own flags of `run`; any other --NAME VALUE is an option of the adapter (adapters/options.ts). */
const RUN_FLAGS: Flags = {
  adapter: { type: 'string' },
  rules: { type: 'string' },
  test: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  runs: { type: 'string' },
  timeout: { type: 'string' },
  'timeout-multiplier': { type: 'string' },
  latency: { type: 'string' },
  jitter: { type: 'string' },
  budget: { type: 'string' },
  driver: { type: 'string' },
  'driver-cmd': { type: 'string' },
  'driver-listen': { type: 'string' },
  'driver-wait': { type: 'string' },
  out: { type: 'string' },
  shard: { type: 'string' },
  list: { type: 'boolean' },
  'no-shrink': { type: 'boolean' },
  repeat: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
};

/** Splits the adapter's own --NAME VALUE pairs from the suite's flags. */
function splitAdapterFlags(args: string[]): { suite: string[]; adapter: Record<string, string> } {
  const suite: string[] = [];
  const adapter: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m || Object.hasOwn(RUN_FLAGS, m[1]!) || m[1] === 'help') {
      suite.push(arg);
      continue;
    }
    const value = m[2] ?? args[i + 1];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) throw new UsageError(`option --${m[1]} needs a value (see "im-conformance run --adapter ... --help")`);
    adapter[m[1]!] = value;
    if (m[2] === undefined) i++;
  }
  return { suite, adapter };
}

async function runCommand(args: string[], io: Io): Promise<number> {
  const split = splitAdapterFlags(args);
  const v = parse(split.suite, RUN_FLAGS) as Record<string, string | undefined>;
  // --driver/--driver-cmd imply --adapter remote, and go with nothing else.
  const adapterArg = checkDriverFlags({ adapter: v.adapter, driver: v.driver, driverCmd: v['driver-cmd'], driverListen: v['driver-listen'] });
  const driverWaitMs = integer('driver-wait', v['driver-wait'], true) ?? DEFAULT_DRIVER_WAIT_MS;
  if (v['driver-wait'] !== undefined && v['driver-listen'] === undefined) throw new UsageError('--driver-wait goes with --driver-listen');
  if (adapterArg === undefined || adapterArg === '') throw new UsageError('run needs --adapter NAME|PATH (e.g. --adapter reference)');
  const options: RunOptions = { adapter: adapterArg, print: (t) => io.out(t) };
  if (Object.keys(split.adapter).length) options.adapterFlags = split.adapter;
  if (io.progress) options.progress = io.progress;
  const seed = integer('seed', v.seed, false);
  const runs = integer('runs', v.runs, true);
  const timeoutMs = integer('timeout', v.timeout, true);
  if (seed !== undefined) options.seed = seed;
  if (runs !== undefined) options.runs = runs;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  const multiplier = v['timeout-multiplier'];
  if (multiplier !== undefined) {
    const x = Number(multiplier);
    if (!/^\s*\d*\.?\d+\s*$/.test(multiplier) || !(x > 0)) throw new UsageError(`--timeout-multiplier must be a positive number, got "${multiplier}"`);
    options.timeoutMs = Math.max(1, Math.round((timeoutMs ?? 5000) * x));
  }
  if ((options.timeoutMs ?? 0) > MAX_TIMEOUT_MS) {
    const given = multiplier === undefined ? `--timeout ${v.timeout}` : `--timeout ${timeoutMs ?? 5000} × --timeout-multiplier ${multiplier}`;
    throw new UsageError(`the per-call deadline must be at most ${MAX_TIMEOUT_MS} ms (one day), got ${options.timeoutMs} ms from ${given}`);
  }
  const link = linkConditions(v.latency, v.jitter);
  if (link) options.link = link;
  if (v.budget !== undefined) options.budget = checkBudget(parseBudget(v.budget));
  if (v.driver !== undefined) options.driver = v.driver;
  if (v.rules !== undefined) options.rules = v.rules;
  if (v.test !== undefined) options.test = v.test;
  if (v.path !== undefined) options.path = v.path;
  if (v.out !== undefined) checkOutDir((options.outDir = v.out));
  if (v['write-baseline'] !== undefined) checkOutFile('--write-baseline', v['write-baseline']);
  if (v.shard !== undefined) options.shard = parseShard(v.shard);
  if (v['no-shrink'] !== undefined) options.noShrink = true;
  // Refuse a bad request before importing vitest (which takes a while); runConformance checks again.
  planSelection(options);
  if (options.adapter !== 'remote') {
    const adapter = await loadAdapter(options.adapter); // remote: runConformance handshakes with the driver
    // The adapter's own options: a bad or missing one exits 2 here; the spec workers find them in the environment.
    Object.assign(process.env, resolveAdapterOptions(adapter, split.adapter).env);
    if (options.link && !adapter.capabilities.includes('network-faults')) throw new UsageError(`--latency and --jitter need an adapter that declares "network-faults"; ${adapter.name} does not`);
  }
  // --list, --repeat, --baseline, --write-baseline and the zero-spec guard (cli/engine/session.ts).
  const { prepareSession } = await import('./engine/session.ts');
  const request = { list: v.list !== undefined, repeat: integer('repeat', v.repeat, true), baseline: v.baseline, writeBaseline: v['write-baseline'], argv: args };
  const session = await prepareSession(options, request, io);
  if (session.exitCode !== undefined) return session.exitCode; // --list: a dry run
  // From here on Ctrl-C and SIGTERM stop the run (a partial report) or end the process at once.
  const interrupt = (options.interrupt = new Interrupt((t) => io.err(t)));
  // The driver comes up while vitest loads. A dial-in driver connects to a socket bound first.
  const driverCmd = v['driver-cmd'];
  const listenAt = v['driver-listen'];
  const dialIn = listenAt === undefined ? undefined : await hostDriverSocket(parseListen(listenAt));
  if (dialIn) io.err(`im-conformance: waiting up to ${driverWaitMs} ms for a driver to dial in to ${dialIn.url}\n`);
  const launching = driverCmd === undefined ? undefined : launchDriver(driverCmd, { timeoutMs: options.timeoutMs ?? 5000, ...(dialIn ? { dialIn: dialIn.url } : {}) });
  let launched: Awaited<typeof launching>;
  try {
    const { runConformance } = await import('./engine/run.ts');
    launched = await launching;
    if (launched) options.driverCmd = driverCmd;
    if (dialIn) {
      // Whichever comes first: the driver's connection, the wait's end, or the end of the command that was to make it.
      const ended = await Promise.race([dialIn.connected(driverWaitMs).then(() => undefined), launched?.ended ?? new Promise<never>(() => {})]);
      if (ended !== undefined) throw new DriverSetupError(`the driver command ended (${ended}) before dialing in to ${dialIn.url}: ${driverCmd}${launched!.output() ? ` (its last output: ${launched!.output()})` : ''}`);
      options.driver = dialIn.relayUrl;
      options.driverListen = listenAt;
    } else if (launched) {
      options.driver = launched.url;
    }
    const result = await session.run(runConformance).catch(async (e: unknown) => {
      // A driver that died before the suite could use it: say that it died, not only that it cannot be reached.
      const ended = e instanceof Error && launched ? await launched.endedWithin(1000) : undefined;
      if (ended !== undefined) (e as Error).message += `; the driver process had ended (${ended}): ${driverCmd}${launched!.output() ? ` (its last output: ${launched!.output()})` : ''}`;
      throw e;
    });
    if (launched?.exitedEarly) io.err(`im-conformance: the driver process ended during the run (${launched.exitedEarly}): ${driverCmd}\n`);
    return result.exitCode;
  } finally {
    // The driver goes only once the run has stopped (interrupted too), so no spec sees it vanish.
    await launched?.stop();
    await dialIn?.close();
    interrupt.dispose();
  }
}

function rulesCommand(args: string[], io: Io): number {
  const { json } = parse(args, { json: { type: 'boolean' } });
  if (json) {
    io.out(JSON.stringify(CATALOG, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  let group = '';
  for (const r of CATALOG) {
    if (r.group !== group) lines.push(`${group ? '\n' : ''}${(group = r.group)}`);
    const caps = r.capabilities.length ? `  [needs ${r.capabilities.join(', ')}]` : '';
    const untested = r.untested ? `  (not tested yet: ${r.untested})` : '';
    lines.push(`  ${r.level.padEnd(6)} ${r.id}${caps}${untested}`, `         ${r.title}`, `         source: ${r.source}`);
  }
  lines.push('', `${CATALOG.length} rules · ${suiteText(SUITE)}`);
  io.out(lines.join('\n') + '\n');
  return 0;
}

/** Runs the CLI on these arguments (without "node" and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(USAGE);
      // run --adapter X --help: and the options of that adapter.
      const named = rest.indexOf('--adapter');
      const adapterArg = named >= 0 ? rest[named + 1] : rest.find((a) => a.startsWith('--adapter='))?.slice('--adapter='.length);
      if (command === 'run' && adapterArg && adapterArg !== 'remote') io.out('\n' + adapterOptionsHelp(await loadAdapter(adapterArg)));
      return 0;
    }
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'driver-schema':
        return driverSchemaCommand(parse(rest, { out: { type: 'string' } }).out as string | undefined, (t) => io.out(t));
      case 'init-adapter': {
        const name = rest[0]?.startsWith('-') ? undefined : rest[0];
        return initAdapterCommand(name, parse(rest.slice(name === undefined ? 0 : 1), { out: { type: 'string' } }).out as string | undefined, (t) => io.out(t));
      }
      case 'compare':
        return await (await import('./commands/compare.ts')).compareCommand(rest, io);
      case 'merge':
        return await (await import('./commands/merge.ts')).mergeCommand(rest, io);
      case 'replay':
        return await (await import('./commands/replay-command.ts')).replayCommandMain(rest, io);
      default:
        return fail(io, `unknown command "${command}" (commands: run, rules, driver-schema, init-adapter, compare, merge, replay; see "im-conformance --help")`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AdapterLoadError || e instanceof AdapterOptionError) return fail(io, e.message);
    throw e;
  }
}

/** True when this module is the process's entry (tsx cli/main.ts), not imported by the bin or a test. */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Sets the exit code and makes sure the process ends even if a handle stays open. */
export async function runAsProcess(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    process.stderr.write(`im-conformance: internal error: ${(e as Error).stack ?? String(e)}\n`);
    code = 1;
  }
  process.exitCode = code;
  // vitest is closed by now; a leftover handle (an adapter that did not stop) must not hang CI.
  setTimeout(() => process.exit(code), 2000).unref();
}

if (isEntry()) await runAsProcess();
