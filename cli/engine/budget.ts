// Running within a budget: a live service has quotas (a trial app's accounts) and costs money per
// login and account, so a run can be held to limits on its footprint (--budget, and the adapter's
// own `limits`). The plan is made before the run from what each selected spec costs, measured on
// the in-process reference at the same seed: property specs run fewer cases (the first ones of the
// same seed, so replay paths stay valid), and a spec that does not fit at all is left out. Every cut
// is reported per rule; a rule is never dropped silently (a left-out spec makes its rule not-tested).
import { type Budget, type Footprint } from '../../adapters/contract.ts';
import { BUDGET_FLAG_NAMES, FOOTPRINT_KEYS, addFootprints, budgetText, emptyFootprint } from '../../fixtures/footprint.ts';
import { UsageError } from '../errors.ts';
import type { ConformanceReport } from '../report/report-schema.ts';

/** What the plan does to one spec: fewer property cases, or leaves it out (with why). */
export interface SpecPlan {
  runs?: number;
  leftOut?: string;
}

export interface BudgetPlan {
  budget: Budget;
  /** By spec title; specs not listed run as they are. */
  specs: Record<string, SpecPlan>;
  /** The run's expected footprint under the plan (calibration included); none when the budget is only a rate. */
  estimate: Footprint | undefined;
  /** Each cut, in catalog order, for the report. */
  cuts: { ruleId: string; title: string; what: string }[];
}

/** `--budget accounts=100,logins=2000`: whole numbers, names as in BUDGET_FLAG_NAMES. */
export function parseBudget(text: string): Budget {
  const names = Object.fromEntries(Object.entries(BUDGET_FLAG_NAMES).map(([key, flag]) => [flag, key as keyof Budget]));
  const budget: Budget = {};
  for (const part of text.split(',')) {
    const m = /^\s*([a-z-]+)\s*=\s*(\d+)\s*$/.exec(part);
    const key = m ? names[m[1]!] : undefined;
    if (!m || key === undefined || !Number.isSafeInteger(Number(m[2]))) {
      throw new UsageError(`--budget must be NAME=N[,NAME=N…] with NAME one of ${Object.values(BUDGET_FLAG_NAMES).join(', ')} and N a whole number, got "${text}"`);
    }
    budget[key] = Number(m[2]);
  }
  return budget;
}

/** One spec's measured cost: its footprint and, for a property, the cases it ran. */
export interface SpecCost {
  ruleId: string;
  title: string;
  footprint: Footprint;
  runs?: number;
  /** A property's cost case by case, in case order, when measured. */
  cases?: Footprint[];
}

export function costsOf(report: ConformanceReport): SpecCost[] {
  return report.rules.flatMap((rule) =>
    rule.specs.map((s) => ({ ruleId: rule.id, title: s.title, footprint: s.footprint ?? emptyFootprint(), ...(s.runs !== undefined ? { runs: s.runs } : {}), ...(s.caseFootprints ? { cases: s.caseFootprints } : {}) })),
  );
}

const scaled = (f: Footprint, by: number): Footprint => Object.fromEntries(FOOTPRINT_KEYS.map((k) => [k, f[k] * by])) as Footprint;
/** The footprint figures a budget limits (a rate, loginsPerMinute, is kept by pacing, not by planning). */
const keysOf = (b: Budget) => FOOTPRINT_KEYS.filter((k) => b[k] !== undefined);
/** A property's cost: one deployment for the spec itself, the rest spread evenly over its cases. */
const baseOf = (c: SpecCost): Footprint => ({ ...emptyFootprint(), deployments: Math.min(1, c.footprint.deployments) });
const perCase = (c: SpecCost): Footprint => {
  const base = baseOf(c);
  return Object.fromEntries(FOOTPRINT_KEYS.map((k) => [k, (c.footprint[k] - base[k]) / Math.max(1, c.runs ?? 1)])) as Footprint;
};
/** The cost of a property's first `runs` cases: measured case by case where known, else the average. */
const firstCases = (c: SpecCost, runs: number): Footprint =>
  c.cases && c.cases.length >= runs ? c.cases.slice(0, runs).reduce((t, f) => addFootprints(t, f), emptyFootprint()) : scaled(perCase(c), runs);

/**
 * The plan: specs with a fixed cost run whole, the most expensive left out first while they do
 * not fit; property specs share what is left, scaled down by one factor per figure they use (at least one
 * case, else left out). Refuses (exit 2) a budget under which no spec at all can run.
 */
export function planBudget(costs: readonly SpecCost[], budget: Budget, calibration: Footprint): BudgetPlan {
  const keys = keysOf(budget);
  const available = (k: keyof Footprint) => budget[k]! - calibration[k];
  const estimate = { ...calibration };
  const plan: BudgetPlan = { budget, specs: {}, estimate, cuts: [] };
  const leaveOut = (c: SpecCost, why: string) => {
    plan.specs[c.title] = { leftOut: why };
    plan.cuts.push({ ruleId: c.ruleId, title: c.title, what: `left out: ${why}` });
  };
  const over = (f: Footprint) => keys.filter((k) => f[k] > available(k));

  // Specs with a fixed cost: keep all that fit, leaving out the most expensive first.
  const fixed = costs.filter((c) => c.runs === undefined);
  let kept = [...fixed];
  const sum = (cs: readonly SpecCost[], cost: (c: SpecCost) => Footprint = (c) => c.footprint) => cs.reduce((t, c) => addFootprints(t, cost(c)), emptyFootprint());
  for (let busted = over(sum(kept)); busted.length; busted = over(sum(kept))) {
    const k = busted[0]!;
    const worst = [...kept].sort((a, b) => b.footprint[k] - a.footprint[k] || a.title.localeCompare(b.title))[0]!;
    kept = kept.filter((c) => c !== worst);
    leaveOut(worst, `it alone uses ${BUDGET_FLAG_NAMES[k]}=${worst.footprint[k]}, more than the budget leaves for it`);
  }
  const fixedCost = sum(kept);

  // Property specs: one factor for all, the largest under which their cases fit.
  const properties = costs.filter((c) => c.runs !== undefined);
  const bases = sum(properties, baseOf);
  const cases = sum(properties, (c) => scaled(perCase(c), c.runs!));
  // Per figure, the share of the properties' cases that fits; a property is scaled only by the figures it uses.
  const factorOf = (c: SpecCost) => keys.reduce((f, k) => (perCase(c)[k] > 0 ? Math.min(f, (available(k) - fixedCost[k] - bases[k]) / cases[k]) : f), 1);
  // The first cases may cost more than the average: while they do not fit, the property that
  // costs most on the busted figure gives up a case.
  const runsOf = new Map(properties.map((c) => [c, Math.min(c.runs!, Math.floor(c.runs! * Math.max(0, factorOf(c)) + 1e-9))]));
  const planned = () => sum(properties, (c) => firstCases(c, runsOf.get(c)!));
  const room = (k: keyof Footprint) => available(k) - fixedCost[k] - bases[k];
  for (let busted = keys.filter((k) => planned()[k] > room(k) + 1e-9); busted.length; busted = keys.filter((k) => planned()[k] > room(k) + 1e-9)) {
    const k = busted[0]!;
    const costliest = properties.filter((c) => runsOf.get(c)! > 0).sort((a, b) => firstCases(b, runsOf.get(b)!)[k] - firstCases(a, runsOf.get(a)!)[k] || a.title.localeCompare(b.title))[0];
    if (!costliest) break;
    runsOf.set(costliest, runsOf.get(costliest)! - 1);
  }
  const plannedProperties: SpecCost[] = [];
  for (const c of properties) {
    const runs = runsOf.get(c)!;
    if (runs >= c.runs!) {
      plannedProperties.push(c);
    } else if (runs >= 1) {
      plan.specs[c.title] = { runs };
      plan.cuts.push({ ruleId: c.ruleId, title: c.title, what: `${runs} of ${c.runs} cases` });
      plannedProperties.push({ ...c, footprint: addFootprints(baseOf(c), firstCases(c, runs)), runs });
    } else {
      leaveOut(c, 'not even one case of it fits the budget');
    }
  }
  addFootprints(estimate, addFootprints(fixedCost, sum(plannedProperties)));
  for (const k of FOOTPRINT_KEYS) estimate[k] = Math.ceil(estimate[k] - 1e-9);
  if (kept.length + plannedProperties.length === 0) {
    // The least any spec can cost: a fixed one whole, a property its first case.
    const least = (c: SpecCost) => (c.runs ? addFootprints(baseOf(c), firstCases(c, 1)) : c.footprint);
    const cheapest = [...costs].sort((a, b) => keys.reduce((d, k) => d || least(a)[k] - least(b)[k], 0))[0];
    const need = cheapest ? addFootprints({ ...calibration }, least(cheapest)) : calibration;
    const minimum = Object.fromEntries(keys.map((k) => [k, Math.ceil(need[k])]));
    throw new UsageError(`the budget ${budgetText(budget)} is too small to test anything: the cheapest spec needs at least ${budgetText(minimum)} (the calibration's round trips included)`);
  }
  return plan;
}
