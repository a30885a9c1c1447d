// `--repeat N`: the same selection run N times with seeds seed, seed+1, …; one report of all runs.
// A rule takes its worst outcome (a failure in any run is a failure, shown with the replay of the
// run that failed), and a rule whose outcome changed between runs is listed as flaky with each seed.
import { sumFootprints } from '../../fixtures/footprint.ts';
import { isConformant, totalsOf } from './aggregate.ts';
import type { ConformanceReport, FlakyRule, RuleReport } from './report-schema.ts';

const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/** The seeds of N repeated runs: the given seed, then the next ones. */
export const repeatSeeds = (seed: number, n: number): number[] => Array.from({ length: n }, (_, k) => seed + k);

/** The rules whose status differed between the runs (pure). */
export function flakyRules(reports: readonly ConformanceReport[]): FlakyRule[] {
  const first = reports[0];
  if (!first) return [];
  const flaky: FlakyRule[] = [];
  for (const rule of first.rules) {
    const runs = reports.map((r) => r.rules.find((x) => x.id === rule.id));
    if (new Set(runs.map((r) => r?.status)).size <= 1) continue;
    flaky.push({
      id: rule.id,
      outcomes: reports.flatMap((report, k) => {
        const r = runs[k];
        if (!r) return [];
        const failed = r.specs.find((s) => s.status === 'fail');
        return [{ seed: report.seed, status: r.status, ...(failed?.message ? { message: firstLine(failed.message) } : {}) }];
      }),
    });
  }
  return flaky;
}

/** One report of N runs of the same selection (pure). */
export function combineRepeats(reports: readonly ConformanceReport[]): ConformanceReport {
  const first = reports[0];
  if (!first) throw new Error('combineRepeats needs at least one report');
  if (reports.length === 1) return first;
  const rules: RuleReport[] = first.rules.map((rule) => {
    const runs = reports.map((r) => r.rules.find((x) => x.id === rule.id)).filter((r): r is RuleReport => r !== undefined);
    return runs.find((r) => r.status === 'fail') ?? rule;
  });
  const errors = reports.flatMap((r) => r.errors.map((e) => `seed ${r.seed}: ${e}`));
  const totals = totalsOf(rules);
  const combined: ConformanceReport = {
    ...first,
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    rules,
    totals,
    errors,
    warnings: [...new Set(reports.flatMap((r) => r.warnings))],
    conformant: isConformant(totals, errors),
    seeds: reports.map((r) => r.seed),
  };
  const flaky = flakyRules(reports);
  if (flaky.length) combined.flaky = flaky;
  const footprint = sumFootprints(reports.map((r) => r.footprint));
  if (footprint) combined.footprint = footprint;
  else delete combined.footprint;
  return combined;
}
