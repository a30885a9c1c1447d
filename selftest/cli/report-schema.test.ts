// conformance.json's schema: a well-formed report passes; a malformed one is refused by field.
import { describe, expect, it } from 'vitest';
import { ConformanceReport, parseReport } from '../../cli/report/report-schema.ts';

const wellFormed = (): ConformanceReport => ({
  schemaVersion: 1,
  suite: { name: 'im-conformance', version: '0.1.0', catalog: '0123456789abcdef' },
  adapter: { name: 'reference', version: '0.1.0', capabilities: ['accounts'], statusNumbering: { 'logged-in': 1 } },
  seed: 20261127,
  startedAt: '2026-11-27T16:00:00.000Z',
  durationMs: 1234,
  selection: 'switch.*',
  rules: [
    {
      id: 'switch.last-wins',
      level: 'MUST',
      group: 'switch',
      title: 'Logging bob in leaves only bob online',
      source: 'only the last logged in account will be online.',
      status: 'fail',
      specs: [
        {
          title: 'switch.last-wins: bob replaces alice',
          status: 'fail',
          durationMs: 12,
          message: 'alice is still online',
          counterexample: '"alice"',
          trace: '  1 c1 android   login(alice)',
          replay: "npx im-conformance run --adapter reference --seed 1 --test 'switch.last-wins: bob replaces alice'",
        },
        { title: 'switch.last-wins: n/a', status: 'not-applicable', durationMs: 0, reason: 'the adapter does not declare "online-state"' },
      ],
    },
    { id: 'model.sequences', level: 'MUST', group: 'model', title: 't', source: 's', status: 'not-tested', reason: 'planned', specs: [] },
  ],
  totals: { pass: 0, partlyPassed: 0, fail: 1, notApplicable: 0, notTested: 1, mustFailures: 1, mayFailures: 0, shouldWarnings: 0, adapterFaults: 0 },
  errors: [],
  warnings: [],
  conformant: false,
});

describe('the conformance.json schema', () => {
  it('accepts a well-formed report', () => {
    expect(parseReport(wellFormed())).toEqual(wellFormed());
  });

  it('accepts a report without the optional fields', () => {
    const { selection: _s, ...report } = wellFormed();
    report.adapter = { name: 'x', version: '1', capabilities: [] };
    expect(ConformanceReport.safeParse(report).success).toBe(true);
  });

  it('rejects an unknown rule status, naming the field', () => {
    const report = wellFormed() as unknown as { rules: { status: string }[] };
    report.rules[1]!.status = 'skipped';
    expect(() => parseReport(report)).toThrow(/rules\.1\.status/);
  });

  it('rejects an unknown spec status, naming the field', () => {
    const report = wellFormed() as unknown as { rules: { specs: { status: string }[] }[] };
    report.rules[0]!.specs[0]!.status = 'skipped';
    expect(() => parseReport(report)).toThrow(/rules\.0\.specs\.0\.status/);
  });

  it('rejects another schema version, a non-integer seed and a non-ISO start, each by name', () => {
    expect(() => parseReport({ ...wellFormed(), schemaVersion: 2 })).toThrow(/schemaVersion/);
    expect(() => parseReport({ ...wellFormed(), seed: 1.5 })).toThrow(/seed/);
    expect(() => parseReport({ ...wellFormed(), startedAt: 'yesterday' })).toThrow(/startedAt/);
  });

  it('rejects a missing verdict and an unknown capability, naming the fields', () => {
    const { conformant: _c, ...noVerdict } = wellFormed();
    expect(() => parseReport(noVerdict)).toThrow(/conformant/);
    const report = wellFormed() as unknown as { adapter: { capabilities: string[] } };
    report.adapter.capabilities = ['teleport'];
    expect(() => parseReport(report)).toThrow(/adapter\.capabilities\.0/);
  });

  it('accepts the optional records of shards, merges, repeats and baselines, and refuses a shard beyond its total', () => {
    const report = {
      ...wellFormed(),
      shard: { index: 2, total: 3 },
      seeds: [1, 2],
      flaky: [{ id: 'switch.last-wins', outcomes: [{ seed: 1, status: 'pass' }, { seed: 2, status: 'fail', message: 'm' }] }],
      baseline: { file: 'b.json', ok: false, findings: [{ id: 'switch.last-wins', kind: 'regression', expected: ['pass'], actual: 'fail' }] },
    };
    report.rules[0]!.specs[0]!.traceEntries = [{ seq: 1, who: 'c1 android', what: 'login(alice)' }];
    expect(parseReport(report)).toEqual(report);
    expect(() => parseReport({ ...report, shard: { index: 4, total: 3 } })).toThrow(/shard: shard index must be between 1 and total/);
    expect(() => parseReport({ ...report, mergedFrom: 'shard 1/3' })).toThrow(/mergedFrom/);
  });

  it('rejects fields it does not know, so a typo cannot slip into the record', () => {
    expect(() => parseReport({ ...wellFormed(), conformnt: true })).toThrow(/conformnt/);
  });
});
