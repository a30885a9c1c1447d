// --shard (cli/engine/select.ts), merge (cli/commands/merge.ts), --repeat (cli/report/repeat.ts) and the zero-spec guard
// (cli/engine/session.ts), as pure functions: the shards' union is the whole selection, a merge of shards is
// the report of one run, and a rule whose outcome changed between seeds is flaky.
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../cli/commands/merge.ts';
import { combineRepeats, flakyRules } from '../../cli/report/repeat.ts';
import { parseShard, planSelection, shardRules } from '../../cli/engine/select.ts';
import { refuseZeroSpecs } from '../../cli/engine/session.ts';
import { CATALOG, type Rule } from '../../specs/catalog.ts';
import { report, rule } from './make-report.ts';

describe('--shard', () => {
  it('parses I/N and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3']) expect(() => parseShard(bad), bad).toThrow(/--shard must be I\/N/);
  });

  it('splits deterministically: every rule in exactly one shard, the union is the selection, sizes differ by at most one', () => {
    for (const total of [1, 2, 3, 7]) {
      const shards = Array.from({ length: total }, (_, k) => shardRules(CATALOG, { index: k + 1, total }).map((r) => r.id));
      const all = shards.flat();
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(CATALOG.map((r) => r.id).sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(shardRules(CATALOG, { index: 1, total })).toEqual(shardRules(CATALOG, { index: 1, total }));
    }
  });

  it('deals the rules with specs first, so untested rules never crowd a shard out of specs', () => {
    const r = (id: string, untested?: string): Rule => ({ id, group: 'switch', level: 'MUST', title: id, source: 's', capabilities: [], ...(untested ? { untested } : {}) });
    const rules = [r('a.1', 'later'), r('a.2', 'later'), r('a.3'), r('a.4')];
    // dealt a.3, a.4, then a.1, a.2: each shard gets a rule with specs
    expect(shardRules(rules, { index: 1, total: 2 }).map((x) => x.id)).toEqual(['a.1', 'a.3']);
    expect(shardRules(rules, { index: 2, total: 2 }).map((x) => x.id)).toEqual(['a.2', 'a.4']);
  });

  it('narrows --rules, refuses --test, and refuses a shard with no rule', () => {
    const { selected, pattern } = planSelection({ rules: 'user-id.*', shard: { index: 1, total: 2 } });
    expect(selected.every((r) => r.id.startsWith('user-id.'))).toBe(true);
    expect(pattern!.test(`specs/identity.spec.ts identity ${selected[0]!.id}: x`)).toBe(true);
    expect(() => planSelection({ test: 'user-id.charset: x', shard: { index: 1, total: 2 } })).toThrow(/cannot be combined with --test/);
    expect(() => planSelection({ rules: 'switch.last-wins', shard: { index: 2, total: 2 } })).toThrow(/--shard 2\/2 selects no rule: the selection has only 1 rule/);
  });
});

describe('the zero-spec guard', () => {
  const untested: Rule = { id: 'x.later', group: 'model', level: 'MUST', title: 't', source: 's', capabilities: [], untested: 'planned' };
  it('refuses a selection of untested rules only (exit 2), and lets a selection with one tested rule through', () => {
    expect(() => refuseZeroSpecs({ rules: 'model' }, [untested])).toThrow('the selection runs zero specs: --rules "model" selects only rules that are not tested yet (x.later)');
    expect(() => refuseZeroSpecs({}, [untested, CATALOG[0]!])).not.toThrow();
  });
});

describe('merge', () => {
  const shard = (index: number, rules: ReturnType<typeof rule>[], extra = {}) =>
    ({ file: `shard-${index}/conformance.json`, report: report(rules, { shard: { index, total: 2 }, selection: 'user-id.*', ...extra }) });

  it('joins the shards into the report of one run: rules in catalog order, totals and verdict recomputed', () => {
    const merged = mergeReports([
      shard(2, [rule('user-id.empty', 'pass'), rule('user-id.no-silent-rewrite', 'pass')], { durationMs: 3000, errors: ['boom'] }),
      shard(1, [rule('user-id.charset', 'fail'), rule('user-id.max-bytes', 'pass')], { startedAt: '2026-11-27T15:59:00.000Z' }),
    ]);
    expect(merged.rules.map((r) => r.id)).toEqual(['user-id.max-bytes', 'user-id.charset', 'user-id.empty', 'user-id.no-silent-rewrite']);
    expect(merged.totals).toMatchObject({ pass: 3, fail: 1, mustFailures: 1 });
    expect(merged).toMatchObject({ conformant: false, selection: 'user-id.*', durationMs: 3000, startedAt: '2026-11-27T15:59:00.000Z', mergedFrom: ['shard 1/2', 'shard 2/2'] });
    expect(merged.errors).toEqual(['shard 2/2: boom']);
    expect(merged.shard).toBeUndefined();
  });

  it('refuses mixed adapters, mixed seeds, a missing or repeated shard, and overlapping parts, each with one clear line', () => {
    const one = shard(1, [rule('user-id.charset', 'pass')]);
    const two = shard(2, [rule('user-id.empty', 'pass')]);
    expect(() => mergeReports([one, shard(2, [rule('user-id.empty', 'pass')], { adapter: { name: 'mutant:x', version: '0.1.0', capabilities: ['virtual-clock'] } })])).toThrow(
      'cannot merge reports of different adapters: shard-1/conformance.json is reference 0.1.0, shard-2/conformance.json is mutant:x 0.1.0',
    );
    expect(() => mergeReports([one, shard(2, [rule('user-id.empty', 'pass')], { seed: 2 })])).toThrow('cannot merge reports of different seeds: shard-1/conformance.json has seed 1, shard-2/conformance.json has seed 2');
    expect(() => mergeReports([one])).toThrow('missing shard 2/2: a merge of some shards is not the whole run');
    expect(() => mergeReports([one, one])).toThrow('shard 1/2 is given twice');
    expect(() => mergeReports([{ file: 'a.json', report: report([rule('user-id.charset', 'pass')]) }, { file: 'b.json', report: report([rule('user-id.charset', 'fail')]) }])).toThrow(
      'rule user-id.charset is in both a.json and b.json: the parts overlap',
    );
    expect(() => mergeReports([one, { file: 'whole.json', report: report([rule('user-id.empty', 'pass')]) }])).toThrow(/cannot merge shards with whole runs/);
    expect(mergeReports([one, two]).rules).toHaveLength(2);
  });
});

describe('--repeat', () => {
  const run = (seed: number, charset: 'pass' | 'fail') =>
    report([rule('user-id.charset', charset, { replay: `replay --seed ${seed}` }), rule('user-id.empty', 'pass')], { seed });

  it('lists a rule whose outcome changed as flaky, with each seed, and keeps the failing run of it', () => {
    const combined = combineRepeats([run(1, 'pass'), run(2, 'fail'), run(3, 'pass')]);
    expect(combined.seeds).toEqual([1, 2, 3]);
    expect(combined.flaky).toEqual([
      { id: 'user-id.charset', outcomes: [{ seed: 1, status: 'pass' }, { seed: 2, status: 'fail', message: 'user-id.charset broke' }, { seed: 3, status: 'pass' }] },
    ]);
    const charset = combined.rules.find((r) => r.id === 'user-id.charset')!;
    expect(charset.status).toBe('fail');
    expect(charset.specs[0]!.replay).toBe('replay --seed 2');
    expect(combined).toMatchObject({ seed: 1, conformant: false, totals: { pass: 1, fail: 1 } });
  });

  it('finds nothing flaky when every run agrees', () => {
    expect(flakyRules([run(1, 'fail'), run(2, 'fail')])).toEqual([]);
    expect(combineRepeats([run(1, 'pass')]).seeds).toBeUndefined();
  });
});
