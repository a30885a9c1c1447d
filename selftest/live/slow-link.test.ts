// A verdict is a statement about behaviour, never about speed. A correct implementation behind a
// slow link (the reference with --latency and --jitter on every client link), or one that simply
// answers late (answers-late.ts: every call, view and event 100 ms late), passes every rule; a
// broken one behind the same link is still caught by the rules it breaks.
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../run-cli.ts';

/** A run that has not finished by then has hung (a 300 ms run takes about 45 s alone, minutes on 2 busy cores). */
const RUN_DEADLINE_MS = 600_000;
const TEST_TIMEOUT_MS = RUN_DEADLINE_MS + 30_000;

function passesEveryRule({ code, report, stdout }: CliRun): void {
  expect(report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.specs.find((s) => s.status !== 'pass')?.message ?? r.reason ?? ''}`), stdout).toEqual([]);
  expect(code).toBe(0);
}

/**
 * Every spec runs; each property with 10 cases. The property specs are sequential round trips, so
 * behind a 300 ms link model.sequences at its 50 runs was the run's critical path (80 s); the
 * properties' power is the in-process runs' concern (selftest/reference-run.test.ts, the mutants).
 */
const SLOW_RUNS = ['--runs', '10'];

describe.concurrent('slow but correct implementations pass every rule', () => {
  // One slow-link run of every rule, at the slowest link the self-tests use: a 100 ms one would
  // cost as much again and prove less (the mutants below run behind it).
  it('the reference behind a 300 ms round trip (150 ms ± 30 each way), recorded in the report', async () => {
    const run = await runCli(['run', '--adapter', 'reference', '--latency', '150', '--jitter', '30', ...SLOW_RUNS], { deadlineMs: RUN_DEADLINE_MS });
    passesEveryRule(run);
    expect(run.report.link).toEqual({ delayMs: 150, jitterMs: 30 });
    expect(run.report.timing?.roundTripMs).toBeGreaterThanOrEqual(240);
    expect(run.stdout).toMatch(/^timing: link 150 ms ± 30 ms each way · calibrated round trip /m);
  }, TEST_TIMEOUT_MS);

  it('an adapter whose every call, server-side view, settle and event answers 100 ms late', async () => {
    passesEveryRule(await runCli(['run', '--adapter', 'selftest/live/answers-late.ts', ...SLOW_RUNS], { deadlineMs: RUN_DEADLINE_MS }));
  }, TEST_TIMEOUT_MS);
});

/** Mutants whose bug lives in timing and ordering: the first places a slow link could hide one. */
const TIMING_MUTANTS: Record<string, string> = {
  'stale-admission-under-race': 'multi.newest-wins-under-race',
  'silent-kick': 'multi.same-platform-default',
  'no-auto-reconnect': 'reconnect.auto',
  'repeat-login-aborts-first': 'repeat.in-progress',
};

describe.concurrent('behind the same 100 ms link, a broken implementation is still caught', () => {
  it.each(Object.entries(TIMING_MUTANTS))('mutant:%s by %s', async (name, rule) => {
    const { code, report, stdout } = await runCli(['run', '--adapter', `mutant:${name}`, '--latency', '50', '--jitter', '10', '--rules', rule], { deadlineMs: RUN_DEADLINE_MS });
    expect(report.rules.map((r) => [r.id, r.status]), stdout).toEqual([[rule, 'fail']]);
    expect(report.totals.adapterFaults, stdout).toBe(0);
    expect(code).toBe(1);
  }, TEST_TIMEOUT_MS);
});
