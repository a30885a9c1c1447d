// From spec results to rule statuses, totals and the verdict: a pure function of the
// catalog and the results, so it is tested without running vitest.
import type { Rule } from '../../specs/catalog.ts';
import type { RuleReport, RuleStatus, SpecReport, Totals } from './report-schema.ts';

/** One finished spec, attributed to its rule. */
export interface SpecOutcome extends SpecReport {
  ruleId: string;
}

export interface Aggregate {
  rules: RuleReport[];
  totals: Totals;
  /** Problems of the suite that do not decide conformance. */
  warnings: string[];
  conformant: boolean;
}

export interface AggregateOptions {
  /** Errors outside tests; any one makes the run non-conformant. */
  errors?: readonly string[];
  /** True when the run was limited to one spec (--test): rules without a result are then not "missing". */
  singleTest?: boolean;
}

/**
 * Rule status: fail if any spec failed; else not-tested if a spec reached no verdict (the spec
 * guard, the budget: its reason); else pass if any passed; else not-applicable if every
 * spec was (reason: the first one's); else not-tested (reason: the catalog's `untested` text).
 * `catalog` is the selected rules, in report order; outcomes of rules outside it must not be passed
 * (the caller reports them as errors). Conformant: see isConformant.
 */
export function aggregate(catalog: readonly Rule[], outcomes: readonly SpecOutcome[], options: AggregateOptions = {}): Aggregate {
  const errors = options.errors ?? [];
  const byRule = new Map<string, SpecReport[]>();
  for (const { ruleId, ...spec } of outcomes) {
    const list = byRule.get(ruleId) ?? [];
    list.push(spec);
    byRule.set(ruleId, list);
  }
  const unknown = [...byRule.keys()].filter((id) => !catalog.some((r) => r.id === id));
  if (unknown.length) throw new Error(`spec results for rules not in the catalog given to aggregate(): ${unknown.join(', ')}`);

  const missing: string[] = [];
  const rules = catalog.map((rule): RuleReport => {
    const specs = byRule.get(rule.id) ?? [];
    const { status, reason, partly } = ruleStatus(rule, specs);
    if (specs.length === 0 && rule.untested === undefined && !options.singleTest) missing.push(rule.id);
    const report: RuleReport = {
      id: rule.id,
      level: rule.level,
      group: rule.group,
      title: rule.title,
      source: rule.source,
      status,
      specs,
    };
    if (reason !== undefined) report.reason = reason;
    if (partly !== undefined) report.partly = partly;
    return report;
  });

  const warnings = missing.length
    ? [`${missing.length} rule${missing.length > 1 ? 's have' : ' has'} no spec although the catalog does not mark ${missing.length > 1 ? 'them' : 'it'} untested: ${missing.join(', ')}`]
    : [];
  const totals = totalsOf(rules);
  const conformant = isConformant(totals, errors);
  return { rules, totals, warnings, conformant };
}

/** The counts of a report's rules (also used to re-total merged and repeated reports). */
export function totalsOf(rules: readonly RuleReport[]): Totals {
  const failed = (level: Rule['level']) => rules.filter((r) => r.status === 'fail' && r.level === level).length;
  return {
    pass: rules.filter((r) => r.status === 'pass').length,
    partlyPassed: rules.filter((r) => r.status === 'pass' && r.partly !== undefined).length,
    fail: rules.filter((r) => r.status === 'fail').length,
    notApplicable: rules.filter((r) => r.status === 'not-applicable').length,
    notTested: rules.filter((r) => r.status === 'not-tested').length,
    mustFailures: failed('MUST'),
    mayFailures: failed('MAY'),
    shouldWarnings: failed('SHOULD'),
    adapterFaults: rules.filter((r) => r.specs.some(isAdapterFault)).length,
  };
}

/**
 * A spec failed because the adapter broke the contract (fixtures/checked-adapter.ts: a missed
 * deadline, a wrong shape, an exception), not on its rule. The reporter prefixes the error's name.
 */
export const isAdapterFault = (spec: SpecReport): boolean => spec.status === 'fail' && spec.failure?.kind === 'adapter-fault';

/** Conformant: no MUST or MAY rule failed, no adapter fault (in a rule of any level) and no error outside tests. */
export function isConformant(totals: Totals, errors: readonly string[]): boolean {
  return totals.mustFailures === 0 && totals.mayFailures === 0 && totals.adapterFaults === 0 && errors.length === 0;
}

export function ruleStatus(rule: Rule, specs: readonly SpecReport[]): { status: RuleStatus; reason?: string; partly?: string } {
  if (specs.some((s) => s.status === 'fail')) return { status: 'fail' };
  // A rule is judged on all of its specs: one that reached no verdict leaves it untested, never passed.
  const untested = specs.find((s) => s.status === 'not-tested');
  if (untested) return { status: 'not-tested', reason: untested.reason ?? 'a spec reached no verdict' };
  if (specs.some((s) => s.status === 'pass')) {
    // A pass on some specs only: shown as such everywhere, so partial coverage is never mistaken for full.
    const skipped = specs.filter((s) => s.status === 'not-applicable');
    if (skipped.length === 0) return { status: 'pass' };
    return { status: 'pass', partly: `${skipped.length} of ${specs.length} specs not applicable: ${skipped[0]!.reason ?? 'no reason given'}` };
  }
  if (specs.length > 0) {
    return { status: 'not-applicable', reason: specs.find((s) => s.reason)?.reason ?? 'not applicable (no reason given)' };
  }
  return { status: 'not-tested', reason: rule.untested ?? 'no spec ran for this rule' };
}
