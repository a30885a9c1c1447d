// `npm run bench`: the suite's speed and the reference's scale, printed as a table and written
// to reports/bench.json (schema: bench/schema.ts). Figures, not a test: take them on a quiet
// machine. Options: --users N, --race N, --quick (small sizes and one rule group: a smoke run).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { IDLE_DEFINITION, spawnMeasured, type Measured } from './proc.ts';
import { runScale } from './scale.ts';
import { BenchReport, type LinkRun, type ScaleResult } from './schema.ts';
import { BROWSER_DRIVER_CMD, CHROMIUM, PROJECT_ROOT, SAMPLE_DRIVER_CMD, propertyThroughput, runCli, type CliRun } from './suite.ts';

const GiB = 1024 ** 3;
const IDLE_GOAL = 0.05;

function options() {
  const usage = 'usage: npm run bench -- [--users N] [--race N] [--quick]';
  let values: { users?: string | undefined; race?: string | undefined; quick?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { users: { type: 'string' }, race: { type: 'string' }, quick: { type: 'boolean' } }, strict: true }));
  } catch (e) {
    fail(`${(e as Error).message.split('\n')[0]} (${usage})`);
  }
  const count = (flag: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min) fail(`--${flag} must be an integer of at least ${min}, got "${value}" (${usage})`);
    return Number(value);
  };
  const quick = values.quick ?? false;
  return {
    quick,
    users: count('users', values.users, quick ? 500 : 10_000, 1),
    race: count('race', values.race, quick ? 100 : 1_000, 2),
    /** --quick: one rule group instead of the whole suite. */
    selection: quick ? 'user-id.*' : undefined,
    userIdRuns: (quick ? [5, 20] : [20, 120]) as [number, number],
    modelRuns: (quick ? [2, 6] : [10, 40]) as [number, number],
    /** Round trips (ms) to run the selection behind. */
    roundTrips: quick ? [0, 100] : [0, 100, 300],
  };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const progress = (what: string) => process.stderr.write(`bench: ${what}\n`);

/** A child that sleeps 1 s then spins 1 s must show about 1 s of idle time. */
async function idleSelfCheck() {
  const m: Measured = await spawnMeasured(process.execPath, ['-e', 'setTimeout(() => { const end = Date.now() + 1000; while (Date.now() < end); }, 1000)']);
  const idleMs = m.idleShare * m.wallMs;
  return { idleShare: m.idleShare, ok: Math.abs(idleMs - 1000) <= 150 };
}

/** A run behind a link: its wall time against its critical path (the longest spec). */
function linkRun(roundTripMs: number, run: CliRun): LinkRun {
  const longest = run.report.rules.flatMap((r) => r.specs).sort((a, b) => b.durationMs - a.durationMs)[0];
  const criticalPathMs = longest?.durationMs ?? 0;
  return { roundTripMs, wallMs: run.wallMs, criticalPathMs, criticalPathSpec: longest?.title ?? '', ratio: run.wallMs / Math.max(1, criticalPathMs), conformant: run.report.conformant };
}

const measured = ({ wallMs, cpuMs, idleShare, idleStretches }: CliRun) => ({ wallMs, cpuMs, idleShare, idleStretches });

async function main() {
  const o = options();
  const began = performance.now();
  const selection = o.selection ? ['--rules', o.selection] : [];

  progress('idle self-check (1 s asleep, 1 s busy)');
  const selfCheck = await idleSelfCheck();
  progress(`conformance run against the reference${o.selection ? ` (--rules ${o.selection})` : ''}`);
  const full = await runCli(['--adapter', 'reference', ...selection]);
  progress('the same through the sample driver');
  const remote = await runCli(['--adapter', 'remote', '--driver-cmd', SAMPLE_DRIVER_CMD, ...selection]);
  // With its deadlines scaled as in its self-test (selftest/remote/browser-driver.test.ts).
  const browserArgs = ['--adapter', 'remote', '--driver-listen', '0', '--driver-cmd', BROWSER_DRIVER_CMD, '--timeout-multiplier', '3', ...selection];
  progress(existsSync(CHROMIUM) ? 'the same through the browser driver (headless Chromium)' : `no Chromium at ${CHROMIUM}: the browser driver's figures are left out`);
  const browser = existsSync(CHROMIUM) ? await runCli(browserArgs) : undefined;
  const links: LinkRun[] = [];
  for (const rtt of o.roundTrips) {
    progress(`the same behind a ${rtt} ms round trip${rtt ? ` (--latency ${rtt / 2} --jitter ${rtt / 10})` : ''}`);
    links.push(linkRun(rtt, rtt === 0 ? full : await runCli(['--adapter', 'reference', ...selection, '--latency', String(rtt / 2), '--jitter', String(rtt / 10)])));
  }
  progress(`property throughput: user IDs (--runs ${o.userIdRuns.join(', ')}), model (--runs ${o.modelRuns.join(', ')})`);
  const userId = await propertyThroughput('specs/identity.spec.ts', o.userIdRuns);
  const model = await propertyThroughput('specs/model.spec.ts', o.modelRuns);
  progress(`scale: ${o.users} users, then ${o.race} concurrent logins of one user`);
  const scale = await runScale({ users: o.users, race: o.race, connectWindow: 256 }, 150_000);

  const cpu = cpus();
  const report = BenchReport.parse({
    schemaVersion: 1,
    timestamp: new Date().toISOString(),
    machine: { cores: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown', totalMemoryBytes: totalmem(), node: process.version, platform: `${process.platform} ${process.arch}` },
    quick: o.quick,
    idle: { definition: IDLE_DEFINITION, selfCheck },
    fullRun: { ...measured(full), rules: full.report.rules.filter((r) => r.specs.length > 0).length, ...(o.selection ? { selection: o.selection } : {}) },
    properties: { userId, model },
    links,
    remote: { ...measured(remote), driverCmd: SAMPLE_DRIVER_CMD, ratio: remote.wallMs / full.wallMs },
    ...(browser ? { browser: { ...measured(browser), driverCmd: BROWSER_DRIVER_CMD, ratio: browser.wallMs / full.wallMs, conformant: browser.report.conformant } } : {}),
    scale,
    goals: { idleUnder5Percent: full.idleShare < IDLE_GOAL, usersOnlineUnder1GiB: scale.problems.length === 0 && scale.server.rssAllOnlineBytes < GiB },
    durationMs: performance.now() - began,
  } satisfies BenchReport);

  const file = join(PROJECT_ROOT, 'reports', 'bench.json');
  mkdirSync(join(PROJECT_ROOT, 'reports'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${table(report)}\nwritten: reports/bench.json\n`);
  const invalid = [...(selfCheck.ok ? [] : ['the idle self-check failed: the idle share cannot be trusted on this machine']), ...scale.problems];
  for (const problem of invalid) process.stderr.write(`bench: ${problem}\n`);
  process.exitCode = invalid.length ? 1 : 0;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mib = (b: number) => `${Math.round(b / 1024 ** 2)} MiB`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');

function table(r: BenchReport): string {
  const { fullRun: f, remote, properties: p, scale: sc } = r;
  const longest = ({ idleStretches: [first] }: { idleStretches: { atMs: number; durationMs: number }[] }) =>
    first ? ` (longest: ${s(first.durationMs)} at ${s(first.atMs)})` : '';
  const rows: [string, string, string][] = [
    [`machine`, `${r.machine.cores} cores, ${r.machine.cpuModel}, ${mib(r.machine.totalMemoryBytes)}, Node ${r.machine.node}`, ''],
    [`full run${f.selection ? ` (--rules ${f.selection})` : ''}: ${f.rules} rules, wall`, s(f.wallMs), ''],
    ['full run: CPU (user+sys, whole process tree)', `${s(f.cpuMs)} (${(f.cpuMs / f.wallMs).toFixed(2)} cores busy on average)`, ''],
    ['full run: idle share', `${pct(f.idleShare)}${longest(f)}`, `< 5%: ${met(r.goals.idleUnder5Percent)}`],
    ['idle self-check: 1 s asleep + 1 s busy', pct(r.idle.selfCheck.idleShare), `about 1 s idle: ${r.idle.selfCheck.ok ? 'ok' : 'FAILED'}`],
    [`user-ID properties (${p.userId.specs.length} specs)`, `${Math.round(p.userId.casesPerSecond)} cases/s`, ''],
    ['model.sequences', `${p.model.casesPerSecond.toFixed(1)} cases/s`, ''],
    ...r.links.map((l): [string, string, string] => [
      `full run behind a ${l.roundTripMs} ms round trip: wall`,
      `${s(l.wallMs)}; critical path ${s(l.criticalPathMs)} (${l.criticalPathSpec.slice(0, l.criticalPathSpec.indexOf(':'))}), ${l.ratio.toFixed(2)}×`,
      l.conformant ? 'conformant' : 'NOT CONFORMANT',
    ]),
    ['remote driver: wall, CPU, idle', `${s(remote.wallMs)}, ${s(remote.cpuMs)}, ${pct(remote.idleShare)}${longest(remote)}`, ''],
    ['remote / in-process (wall)', `${remote.ratio.toFixed(2)}×`, ''],
    ...(r.browser
      ? ([
          ['browser driver (Chromium, dial-in): wall, CPU, idle', `${s(r.browser.wallMs)}, ${s(r.browser.cpuMs)}, ${pct(r.browser.idleShare)}`, r.browser.conformant ? 'conformant' : 'NOT CONFORMANT'],
          ['browser / in-process (wall)', `${r.browser.ratio.toFixed(2)}×`, ''],
        ] satisfies [string, string, string][])
      : []),
    [`scale: connect ${sc.users} users`, s(sc.connectMs), ''],
    [`scale: ${sc.users} concurrent logins`, `${Math.round(sc.loginsPerSecond)} logins/s, p50 ${Math.round(sc.loginP50Ms)} ms, p99 ${Math.round(sc.loginP99Ms)} ms`, ''],
    [
      `scale: memory with ${sc.users} users online`,
      `server ${mib(sc.server.rssAllOnlineBytes)} (peak ${mib(sc.server.peakRssBytes)}), clients peak ${mib(sc.clients.peakRssBytes)}`,
      `server < 1 GiB: ${met(r.goals.usersOnlineUnder1GiB)}`,
    ],
    [`scale: ${sc.race} logins of one user on one platform`, `settled and verified in ${s(sc.raceSettledMs)}`, sc.problems.length ? 'CHECKS FAILED' : 'one survivor, the newest; one kick each'],
    ['open files limit (ulimit -n)', String(sc.server.openFilesLimit), ''],
  ];
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
  return [`idle: ${r.idle.definition}`, '', ...rows.map(line), '', `bench took ${s(r.durationMs)}${r.quick ? ' (--quick: small sizes, not the figures to publish)' : ''}`].join('\n');
}

await main().catch((e: unknown) => {
  // Our own errors are one line; anything else keeps its stack.
  const message = e instanceof Error && e.message.startsWith('bench: ') ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`${message.startsWith('bench: ') ? '' : 'bench: '}${message}\n`);
  process.exit(1);
});
