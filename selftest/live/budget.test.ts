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
    expect(report.budget!.estimate.accounts).toBe(report.footprint!.accounts);
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
});
