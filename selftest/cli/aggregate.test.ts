// From spec results to rule statuses and the verdict (cli/report/aggregate.ts), without vitest.
import { describe, expect, it } from 'vitest';
import { aggregate, type SpecOutcome } from '../../cli/report/aggregate.ts';
import type { Rule } from '../../specs/catalog.ts';

const rule = (id: string, level: Rule['level'], untested?: string): Rule => ({
  id,
  group: 'switch',
  level,
  title: `title of ${id}`,
  source: 'a sentence',
  capabilities: [],
  ...(untested ? { untested } : {}),
});
const MUST = rule('switch.must', 'MUST');
const SHOULD = rule('switch.should', 'SHOULD');
const MAY = rule('switch.may', 'MAY');
const PLANNED = rule('switch.planned', 'MUST', 'planned: later');

const spec = (ruleId: string, status: SpecOutcome['status'], extra: Partial<SpecOutcome> = {}): SpecOutcome => ({
  ruleId,
  title: `${ruleId}: a spec`,
  status,
  durationMs: 1,
  ...extra,
});
const statusOf = (outcomes: SpecOutcome[], r: Rule = MUST) => aggregate([r], outcomes).rules[0]!;

describe('rule status', () => {
  it('is fail when any spec failed, even if others passed', () => {
    expect(statusOf([spec(MUST.id, 'pass'), spec(MUST.id, 'fail'), spec(MUST.id, 'not-applicable')]).status).toBe('fail');
  });

  it('is pass when a spec passed and none failed, even if others were not applicable: a partial pass, said as such', () => {
    const r = statusOf([spec(MUST.id, 'not-applicable', { reason: 'no online-state' }), spec(MUST.id, 'pass')]);
    expect(r).toMatchObject({ status: 'pass', partly: '1 of 2 specs not applicable: no online-state' });
    expect(r.reason).toBeUndefined();
    expect(statusOf([spec(MUST.id, 'pass')]).partly).toBeUndefined();
    const agg = aggregate([MUST], [spec(MUST.id, 'not-applicable', { reason: 'no online-state' }), spec(MUST.id, 'pass')]);
    expect(agg.totals).toMatchObject({ pass: 1, partlyPassed: 1 });
  });

  it('is not-applicable when every spec was, with the first reason', () => {
    const r = statusOf([spec(MUST.id, 'not-applicable', { reason: 'first' }), spec(MUST.id, 'not-applicable', { reason: 'second' })]);
    expect(r).toMatchObject({ status: 'not-applicable', reason: 'first' });
  });

  it('is not-tested when the rule has no spec, with the catalog reason', () => {
    expect(statusOf([], PLANNED)).toMatchObject({ status: 'not-tested', reason: 'planned: later', specs: [] });
  });

  it('is not-tested with a warning when a rule the catalog expects a spec for has none', () => {
    const agg = aggregate([MUST], []);
    expect(agg.rules[0]).toMatchObject({ status: 'not-tested', reason: 'no spec ran for this rule' });
    expect(agg.warnings.join()).toContain(MUST.id);
    expect(aggregate([MUST], [], { singleTest: true }).warnings).toEqual([]);
  });

  it('keeps the specs of each rule, in order, without the rule ID', () => {
    const r = statusOf([spec(MUST.id, 'pass', { title: 'a' }), spec(MUST.id, 'pass', { title: 'b' })]);
    expect(r.specs.map((s) => s.title)).toEqual(['a', 'b']);
    expect(r.specs[0]).not.toHaveProperty('ruleId');
  });

  it('refuses results for a rule outside the given catalog', () => {
    expect(() => aggregate([MUST], [spec('switch.other', 'pass')])).toThrow(/switch\.other/);
  });
});

describe('the verdict', () => {
  const catalog = [MUST, SHOULD, MAY, PLANNED];

  it('is conformant when nothing failed, however many rules are not applicable or not tested', () => {
    const agg = aggregate(catalog, [spec(MUST.id, 'pass'), spec(MAY.id, 'not-applicable', { reason: 'no login-policy' })]);
    expect(agg.conformant).toBe(true);
    expect(agg.totals).toEqual({ pass: 1, partlyPassed: 0, fail: 0, notApplicable: 1, notTested: 2, mustFailures: 0, mayFailures: 0, shouldWarnings: 0, adapterFaults: 0 });
  });

  it('is not conformant when a MUST rule failed', () => {
    const agg = aggregate(catalog, [spec(MUST.id, 'fail')]);
    expect(agg.conformant).toBe(false);
    expect(agg.totals).toMatchObject({ fail: 1, mustFailures: 1 });
  });

  it('stays conformant when only a SHOULD rule failed, counting a warning', () => {
    const agg = aggregate(catalog, [spec(MUST.id, 'pass'), spec(SHOULD.id, 'fail')]);
    expect(agg.conformant).toBe(true);
    expect(agg.totals).toMatchObject({ fail: 1, mustFailures: 0, shouldWarnings: 1 });
  });

  it('is not conformant when an adapter fault failed a spec, even of a SHOULD rule: the contract is not a rule', () => {
    const agg = aggregate(catalog, [spec(MUST.id, 'pass'), spec(SHOULD.id, 'fail', { message: 'AdapterFault: adapter did not answer c1 android.logout() within 500 ms', failure: { kind: 'adapter-fault', call: 'c1 android.logout()' } })]);
    expect(agg.conformant).toBe(false);
    expect(agg.totals).toMatchObject({ fail: 1, mustFailures: 0, shouldWarnings: 1, adapterFaults: 1 });
  });

  it('is not conformant when a MAY rule that ran failed (the adapter declared the capability)', () => {
    const agg = aggregate(catalog, [spec(MUST.id, 'pass'), spec(MAY.id, 'fail')]);
    expect(agg.conformant).toBe(false);
    expect(agg.totals).toMatchObject({ fail: 1, mustFailures: 0, mayFailures: 1 });
  });

  it('is not conformant when there was an error outside tests, even if every spec passed', () => {
    const agg = aggregate(catalog, [spec(MUST.id, 'pass')], { errors: ['specs/x.spec.ts: SyntaxError'] });
    expect(agg.conformant).toBe(false);
  });
});
