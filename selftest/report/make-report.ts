// Small conformance reports built in code, for the pure parts (baseline, compare, merge, repeat, HTML).
import { totalsOf, isConformant } from '../../cli/report/aggregate.ts';
import type { ConformanceReport, RuleReport, RuleStatus, SpecReport } from '../../cli/report/report-schema.ts';
import { ruleById } from '../../specs/catalog.ts';
import { SUITE } from '../../specs/suite.ts';

/** A rule of the catalog with this status; a failing one has one failing spec with a message and a replay. */
export function rule(id: string, status: RuleStatus, spec: Partial<SpecReport> = {}): RuleReport {
  const r = ruleById(id);
  const specs: SpecReport[] = [];
  if (status === 'fail') {
    specs.push({
      title: `${id}: a spec`,
      status: 'fail',
      durationMs: 3,
      message: `${id} broke\nsecond line`,
      replay: `npx im-conformance run --adapter reference --seed 1 --test '${id}: a spec'`,
      ...spec,
    });
  } else if (status === 'pass') specs.push({ title: `${id}: a spec`, status: 'pass', durationMs: 3, ...spec });
  else if (status === 'not-applicable') specs.push({ title: `${id}: a spec`, status: 'not-applicable', durationMs: 0, reason: 'the adapter does not declare "login-policy"', ...spec });
  const report: RuleReport = { id, level: r.level, group: r.group, title: r.title, source: r.source, status, specs };
  if (status === 'not-applicable') report.reason = 'the adapter does not declare "login-policy"';
  if (status === 'not-tested') report.reason = 'planned';
  return report;
}

export function report(rules: RuleReport[], extra: Partial<ConformanceReport> = {}): ConformanceReport {
  const totals = totalsOf(rules);
  const errors = extra.errors ?? [];
  return {
    schemaVersion: 1,
    suite: { ...SUITE },
    adapter: { name: 'reference', version: '0.1.0', capabilities: ['virtual-clock'] },
    seed: 1,
    startedAt: '2026-11-27T16:00:00.000Z',
    durationMs: 1000,
    rules,
    totals,
    errors,
    warnings: [],
    conformant: isConformant(totals, errors),
    ...extra,
  };
}
