// The budget's planner (cli/engine/budget.ts), as a pure function: what it keeps, scales and leaves out.
import { describe, expect, it } from 'vitest';
import type { Footprint } from '../../adapters/contract.ts';
import { parseBudget, planBudget, type SpecCost } from '../../cli/engine/budget.ts';
import { emptyFootprint } from '../../fixtures/footprint.ts';

const f = (accounts: number, logins = accounts): Footprint => ({ ...emptyFootprint(), deployments: 1, instances: 1, logins, accounts });
const calibration = f(1, 3);
const fixed = (title: string, accounts: number): SpecCost => ({ ruleId: title, title, footprint: f(accounts) });
/** A property: one deployment of its own, then each case a deployment with `perCase` accounts. */
const property = (title: string, runs: number, perCase: (i: number) => number): SpecCost => {
  const cases = Array.from({ length: runs }, (_, i) => f(perCase(i)));
  const footprint = cases.reduce((t, c) => ({ ...t, deployments: t.deployments + 1, instances: t.instances + 1, logins: t.logins + c.logins, accounts: t.accounts + c.accounts }), { ...emptyFootprint(), deployments: 1 });
  return { ruleId: title, title, footprint, runs, cases };
};

describe('the budget planner', () => {
  it('changes nothing when everything fits', () => {
    const plan = planBudget([fixed('a', 2), property('p', 10, () => 1)], { accounts: 100 }, calibration);
    expect(plan.cuts).toEqual([]);
    expect(plan.specs).toEqual({});
    expect(plan.estimate!.accounts).toBe(1 + 2 + 10);
  });

  it('scales property cases to what is left, counting the first cases exactly', () => {
    // 100 - 1 (calibration) - 9 (fixed) = 90 for 2 properties costing 60 and 120 accounts.
    const heavyFirst = property('heavy-first', 60, (i) => (i < 10 ? 4 : 0.4));
    const plan = planBudget([fixed('a', 9), property('p', 60, () => 1), heavyFirst], { accounts: 100 }, calibration);
    expect(plan.estimate!.accounts).toBeLessThanOrEqual(100);
    expect(plan.specs.p?.runs).toBeGreaterThan(0);
    expect(plan.specs['heavy-first']?.runs).toBeGreaterThan(0);
    expect(plan.cuts.map((c) => c.what)).toEqual([`${plan.specs.p!.runs} of 60 cases`, `${plan.specs['heavy-first']!.runs} of 60 cases`]);
  });

  it('does not scale a property that costs nothing on the budgeted figure', () => {
    const plan = planBudget([fixed('a', 98), property('free', 24, () => 0)], { accounts: 100 }, calibration);
    expect(plan.specs.free).toBeUndefined();
  });

  it('leaves out the most expensive fixed spec first, and says why', () => {
    const plan = planBudget([fixed('small', 10), fixed('big', 50), fixed('mid', 45)], { accounts: 60 }, calibration);
    expect(plan.specs).toEqual({ big: { leftOut: 'it alone uses accounts=50, more than the budget leaves for it' } });
    expect(plan.estimate!.accounts).toBe(56);
  });

  it('refuses a budget under which nothing can run, naming the minimum', () => {
    expect(() => planBudget([fixed('a', 5), property('p', 10, () => 2)], { accounts: 2 }, calibration)).toThrow(
      'the budget accounts=2 is too small to test anything: the cheapest spec needs at least accounts=3 (the calibration\'s round trips included)',
    );
  });

  it('parses every figure by its flag name', () => {
    expect(parseBudget('accounts=100,server-calls=5,logins=7,instances=1,deployments=2')).toEqual({ accounts: 100, serverCalls: 5, logins: 7, instances: 1, deployments: 2 });
  });
});
