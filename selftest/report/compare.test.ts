// compare (cli/commands/compare.ts): one column per report, one row per rule, differences marked, the
// changes against the first report listed first. Pure functions.
import { describe, expect, it } from 'vitest';
import { compareReports, renderCompareText, summarize } from '../../cli/report/comparison.ts';
import { report, rule } from './make-report.ts';

const adapter = (name: string) => ({ name, version: '0.1.0', capabilities: [] });

describe('compare', () => {
  const ref = report([rule('user-id.charset', 'pass'), rule('user-id.empty', 'pass'), rule('repeat.same-user', 'pass'), rule('multi.policy-allows', 'not-applicable')]);
  const mutant = report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'pass'), rule('repeat.same-user', 'fail'), rule('multi.policy-allows', 'not-applicable')], {
    adapter: adapter('mutant:accepts-dot'),
  });

  it('has a column per report and a row per rule in catalog order, marking the rows that differ', () => {
    const c = compareReports([{ file: 'a.json', report: ref }, { file: 'b.json', report: mutant }]);
    expect(c.columns.map((x) => x.label)).toEqual(['reference 0.1.0', 'mutant:accepts-dot 0.1.0']);
    expect(c.rows.map((r) => [r.id, r.cells.map((x) => x?.status), r.differs])).toEqual([
      ['user-id.charset', ['pass', 'fail'], true],
      ['user-id.empty', ['pass', 'pass'], false],
      ['repeat.same-user', ['pass', 'fail'], true],
      ['multi.policy-allows', ['not-applicable', 'not-applicable'], false],
    ]);
    expect(c.sameImplementation).toBe(false);
  });

  it('summarizes each report: MUST conformance over the MUST rules that ran, SHOULD warnings, not applicable', () => {
    expect(summarize(mutant)).toEqual({ mustPass: 1, mustRan: 2, mustPercent: 50, shouldWarnings: 1, notApplicable: 1, notTested: 0, conformant: false });
    const text = renderCompareText(compareReports([{ file: 'a.json', report: ref }, { file: 'b.json', report: mutant }]));
    expect(text).toContain('[2] mutant:accepts-dot 0.1.0: MUST conformance 1/2 (50.0%) · 1 SHOULD warning · 1 not applicable · 0 not tested · not conformant');
    expect(text).toMatch(/user-id\.charset +MUST +pass +FAIL +≠/);
    expect(text).toContain('2 of 4 rules differ');
  });

  it('as a run-to-run diff of one implementation, lists regressions and fixes first, and tells the columns apart by file', () => {
    const before = report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'pass'), rule('multi.policy-allows', 'not-applicable')]);
    const after = report([rule('user-id.charset', 'pass'), rule('user-id.empty', 'fail'), rule('multi.policy-allows', 'pass')]);
    const c = compareReports([{ file: 'old.json', report: before }, { file: 'new.json', report: after }]);
    expect(c.sameImplementation).toBe(true);
    expect(c.columns.map((x) => x.label)).toEqual(['reference 0.1.0 (old.json)', 'reference 0.1.0 (new.json)']);
    const [changes] = c.changes;
    expect(changes!.regressions.map((x) => [x.id, x.from, x.to])).toEqual([['user-id.empty', 'pass', 'fail']]);
    expect(changes!.fixes.map((x) => x.id)).toEqual(['user-id.charset']);
    expect(changes!.other.map((x) => [x.id, x.from, x.to])).toEqual([['multi.policy-allows', 'not-applicable', 'pass']]);
    const text = renderCompareText(c);
    expect(text.indexOf('regressions in [2] (1):')).toBeLessThan(text.indexOf('fixes in [2] (1):'));
    expect(text.indexOf('fixes in [2]')).toBeLessThan(text.indexOf('  rule '));
  });

  it('shows a rule one report did not cover as absent, and counts it as a difference', () => {
    const c = compareReports([{ file: 'a.json', report: report([rule('user-id.charset', 'pass')]) }, { file: 'b.json', report: report([rule('user-id.charset', 'pass'), rule('user-id.empty', 'pass')]) }]);
    expect(c.rows.map((r) => [r.id, r.cells.map((x) => x?.status ?? '—'), r.differs])).toEqual([
      ['user-id.charset', ['pass', 'pass'], false],
      ['user-id.empty', ['—', 'pass'], true],
    ]);
  });

  it('tells a pass on some specs only (the others not applicable) from a full one, as a difference', () => {
    const partly = { ...rule('switch.last-wins', 'pass'), partly: '1 of 2 specs not applicable: the adapter does not declare "online-state"' };
    const c = compareReports([{ file: 'a.json', report: report([rule('switch.last-wins', 'pass')]) }, { file: 'b.json', report: report([partly]) }]);
    expect(c.rows.map((r) => [r.id, r.differs])).toEqual([['switch.last-wins', true]]);
    expect(c.changes[0]!.other.map((x) => [x.id, x.from, x.to])).toEqual([['switch.last-wins', 'pass', 'pass (partly)']]);
    const text = renderCompareText(c);
    expect(text).toMatch(/switch\.last-wins +MUST +pass +pass\* +≠/);
    expect(text).toContain('(pass*: passed on some specs only, the others not applicable)');
  });

  it('needs two reports', () => {
    expect(() => compareReports([{ file: 'a.json', report: ref }])).toThrow(/at least two reports/);
  });
});
