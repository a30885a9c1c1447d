// Baselines (cli/report/baseline.ts): the file format, the comparison that decides the exit code, and the
// file a run writes. Pure functions, no run.
import { describe, expect, it } from 'vitest';
import { baselineFromReport, checkBaseline, NOT_FAILING, parseBaseline, type Baseline } from '../../cli/report/baseline.ts';
import { UsageError } from '../../cli/errors.ts';
import { report, rule } from './make-report.ts';

const baseline = (rules: Baseline['rules']): Baseline => ({ rules });
const kinds = (b: ReturnType<typeof checkBaseline>) => b.findings.map((f) => [f.id, f.kind]);

describe('the baseline file', () => {
  it('accepts a status or a list of statuses, each with a reason', () => {
    const b = parseBaseline({ rules: { 'user-id.charset': { status: 'fail', reason: 'JIRA-1' }, 'repeat.same-user': { status: ['pass', 'fail'], reason: 'flaky' } } }, 'b.json');
    expect(b.rules['repeat.same-user']!.status).toEqual(['pass', 'fail']);
  });

  it('refuses a rule that is not in the catalog, naming it, as a usage error (exit 2)', () => {
    const bad = () => parseBaseline({ rules: { 'user-id.nope': { status: 'fail', reason: 'x' } } }, 'b.json');
    expect(bad).toThrow(UsageError);
    expect(bad).toThrow('baseline b.json: "user-id.nope" is not a rule of the catalog (see "im-conformance rules")');
  });

  it('refuses an unknown status, a missing reason and an unknown field, naming the field', () => {
    expect(() => parseBaseline({ rules: { 'user-id.charset': { status: 'broken', reason: 'x' } } }, 'b.json')).toThrow(/baseline b\.json: rules\.user-id\.charset\.status/);
    expect(() => parseBaseline({ rules: { 'user-id.charset': { status: 'fail', reason: ' ' } } }, 'b.json')).toThrow(/rules\.user-id\.charset\.reason: give a reason/);
    expect(() => parseBaseline({ rules: {}, expected: {} }, 'b.json')).toThrow(/expected/);
  });
});

describe('a run against its baseline', () => {
  it('matches when the known failures still fail and every other rule does not fail', () => {
    const r = report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'pass'), rule('multi.policy-allows', 'not-applicable')]);
    const check = checkBaseline(r, baseline({ 'user-id.charset': { status: 'fail', reason: 'known' } }), 'b.json');
    expect(check.ok).toBe(true);
    expect(check.findings).toEqual([{ id: 'user-id.charset', kind: 'expected', expected: ['fail'], actual: 'fail', reason: 'known' }]);
  });

  it('fails on a regression: a rule not expected to fail fails', () => {
    const r = report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'fail')]);
    const check = checkBaseline(r, baseline({ 'user-id.charset': { status: 'fail', reason: 'known' } }), 'b.json');
    expect(check.ok).toBe(false);
    expect(kinds(check)).toEqual([['user-id.charset', 'expected'], ['user-id.empty', 'regression']]);
    expect(check.findings[1]!.expected).toEqual([...NOT_FAILING]);
  });

  it('fails on an unexpected pass: the baseline is out of date', () => {
    const check = checkBaseline(report([rule('user-id.charset', 'pass')]), baseline({ 'user-id.charset': { status: 'fail', reason: 'known' } }), 'b.json');
    expect(check.ok).toBe(false);
    expect(kinds(check)).toEqual([['user-id.charset', 'unexpected-pass']]);
  });

  it('notes other changes without failing, accepts an intermittent rule either way, and ignores rules the run did not cover', () => {
    const b = baseline({
      'multi.policy-allows': { status: 'not-applicable', reason: 'no policies' },
      'repeat.same-user': { status: ['pass', 'fail'], reason: 'flaky' },
      'ticket.valid': { status: 'fail', reason: 'not in this shard' },
    });
    const check = checkBaseline(report([rule('multi.policy-allows', 'pass'), rule('repeat.same-user', 'fail')]), b, 'b.json');
    expect(check.ok).toBe(true);
    expect(kinds(check)).toEqual([['multi.policy-allows', 'changed'], ['repeat.same-user', 'expected']]);
  });

  it('a failure expected as not-applicable is a regression', () => {
    const check = checkBaseline(report([rule('multi.policy-allows', 'fail')]), baseline({ 'multi.policy-allows': { status: 'not-applicable', reason: 'x' } }), 'b.json');
    expect(kinds(check)).toEqual([['multi.policy-allows', 'regression']]);
  });
});

describe('the baseline a run writes', () => {
  it('lists the failing, not-applicable and flaky rules with a reason, and nothing that passes', () => {
    const r = report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'pass'), rule('multi.policy-allows', 'not-applicable'), rule('repeat.same-user', 'fail')], {
      adapter: { name: 'mutant:x', version: '1', capabilities: [] },
      flaky: [{ id: 'repeat.same-user', outcomes: [{ seed: 1, status: 'pass' }, { seed: 2, status: 'fail', message: 'm' }] }],
    });
    const b = baselineFromReport(r);
    expect(b.adapter).toBe('mutant:x');
    expect(b.rules).toEqual({
      'user-id.charset': { status: 'fail', reason: 'fails: user-id.charset broke' },
      'repeat.same-user': { status: ['pass', 'fail'], reason: 'flaky: pass with seed 1, fail with seed 2' },
      'multi.policy-allows': { status: 'not-applicable', reason: 'the adapter does not declare "login-policy"' },
    });
    // and the run it was written from matches it
    expect(checkBaseline(r, b, 'b.json').ok).toBe(true);
    expect(Object.keys(parseBaseline(JSON.parse(JSON.stringify(b)), 'b.json').rules)).toEqual(Object.keys(b.rules));
  });

  it('keeps a human reason while the expectation holds, and entries for rules outside the run', () => {
    const previous = baseline({ 'user-id.charset': { status: 'fail', reason: 'JIRA-42' }, 'ticket.valid': { status: 'fail', reason: 'other shard' }, 'user-id.empty': { status: 'fail', reason: 'fixed since' } });
    const b = baselineFromReport(report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'pass')]), previous);
    expect(b.rules).toEqual({ 'user-id.charset': { status: 'fail', reason: 'JIRA-42' }, 'ticket.valid': { status: 'fail', reason: 'other shard' } });
  });
});
