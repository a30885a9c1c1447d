// A run within a quota: the reference under a Free Trial app's 100 accounts (the tencent adapter's
// default limits) stays within it, says what it cut, and cuts nothing silently.
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

describe('a budget', () => {
  it('--budget accounts=100: the reference stays within it, exits 0, and every cut is a reported not-tested or fewer cases', async () => {
    const { code, report, stdout } = await runCli(['run', '--adapter', 'reference', '--budget', 'accounts=100'], { deadlineMs: 600_000 });
    expect(code, stdout).toBe(0);
    expect(report.footprint!.accounts).toBeLessThanOrEqual(100);
    expect(report.budget).toMatchObject({ limits: { accounts: 100 }, from: ['--budget'] });
    expect(report.budget!.estimate!.accounts).toBe(report.footprint!.accounts);
    expect(report.budget!.cuts.length).toBeGreaterThan(0);
    for (const rule of report.rules.filter((r) => r.status !== 'pass')) {
      expect(rule.status).toBe('not-tested');
      expect(rule.reason, rule.id).toMatch(/^budget: left out: /);
    }
    for (const cut of report.budget!.cuts.filter((c) => / of \d+ cases$/.test(c.what))) {
      const spec = report.rules.find((r) => r.id === cut.ruleId)!.specs.find((s) => s.title === cut.title)!;
      expect(`${spec.runs} of`).toBe(cut.what.slice(0, cut.what.indexOf(' of') + 3));
    }
    expect(stdout).toMatch(/^budget: accounts 100 \(from --budget\); \d+ specs? cut$/m);
  }, 630_000);

  it('a mutant within a budget is still caught, and stays within it: its failing property is reported unshrunk', async () => {
    // Shrinking model.sequences on this mutant took 48 more accounts than its plan before.
    const { code, report, stdout } = await runCli(['run', '--adapter', 'mutant:admin-kick-misses-web', '--rules', 'kick.*,model.*', '--budget', 'accounts=30'], { deadlineMs: 300_000 });
    expect(code, stdout).toBe(1);
    expect(report.rules.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['kick.admin', 'model.sequences']);
    expect(report.footprint!.accounts).toBeLessThanOrEqual(30);
    const model = report.rules.find((r) => r.id === 'model.sequences')!.specs[0]!;
    expect(model.message).toMatch(/counterexample: .* \(seed 20261127, path \d+, after \d+ runs; not shrunk: a budget is set\)/);
    expect(model.trace, 'the failing case keeps its own trace').toMatch(/login/);
  }, 330_000);

  it('a spec whose independent checks each log a user in runs them one lane at a time within a budget, instead of being left out', async () => {
    const { code, report, stdout } = await runCli(['run', '--adapter', 'mutant:dual-as-single', '--rules', 'multi.policy-*', '--budget', 'accounts=5'], { deadlineMs: 300_000 });
    expect(code, stdout).toBe(1);
    expect(report.budget!.cuts).toEqual([]);
    expect(report.rules.find((r) => r.id === 'multi.policy-allows')!.status).toBe('fail');
    expect(report.footprint!.accounts).toBeLessThanOrEqual(5);
  }, 330_000);

  it('--budget logins-per-minute: each worker paces its logins to its share of the rate, and no deadline counts the wait', async () => {
    // Two workers at 120 a minute: each starts a login at most once a second.
    const { code, report, stdout } = await runCli(['run', '--adapter', 'reference', '--rules', 'switch.*', '--budget', 'logins-per-minute=120'], { deadlineMs: 300_000 });
    expect(code, stdout).toBe(0);
    expect(report.budget).toMatchObject({ limits: { loginsPerMinute: 120 }, cuts: [] });
    const specs = report.rules.flatMap((r) => r.specs);
    // A spec that logs in twice waits its turn at least once.
    expect(Math.max(...specs.map((s) => s.durationMs))).toBeGreaterThanOrEqual(900);
    expect(stdout).toMatch(/^budget: logins-per-minute 120 \(from --budget\); nothing cut$/m);
  }, 330_000);
});
