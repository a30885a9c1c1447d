// Baselines: the expected status of some rules, so a team that does not conform yet can still gate
// on regressions (as OpenID's expected-failures and expected-skips files, and wpt's expectations).
// A rule the baseline does not list is expected not to fail. With --baseline the run fails only
// when a rule regresses (fails unexpectedly) or a known failure passes (the baseline is out of date).
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { CATALOG, type Rule } from '../../specs/catalog.ts';
import { SUITE, suiteText } from '../../specs/suite.ts';
import { UsageError } from '../errors.ts';
import { RULE_STATUSES, RuleStatus, type BaselineCheck, type ConformanceReport } from './report-schema.ts';

export const BASELINE_COMMENT =
  'im-conformance baseline: the expected status of rules that do not pass (yet). A rule not listed is expected not to fail. ' +
  'status: one of pass, fail, not-applicable, not-tested, or a list of them (an intermittent rule); reason: why, for the reader. ' +
  'Written by `im-conformance run --write-baseline FILE`; edit the reasons freely.';

export const BaselineEntry = z.strictObject({
  status: z.union([RuleStatus, z.array(RuleStatus).min(1)]),
  reason: z.string().trim().min(1, 'give a reason (a ticket, or why the rule does not pass)'),
});
export type BaselineEntry = z.infer<typeof BaselineEntry>;

export const Baseline = z.strictObject({
  comment: z.string().optional(),
  /** The adapter the baseline was written for (informational: a mismatch is a warning). */
  adapter: z.string().optional(),
  /**
   * The fingerprint of the rule catalog the expectations were judged against (specs/suite.ts).
   * A suite with another catalog refuses the baseline: its rules, levels or sources changed.
   */
  catalog: z.string().optional(),
  /** Rule ID → expected status and reason. */
  rules: z.record(z.string(), BaselineEntry),
});
export type Baseline = z.infer<typeof Baseline>;

/** When a rule is not in the baseline: anything but a failure. */
export const NOT_FAILING: readonly RuleStatus[] = RULE_STATUSES.filter((s) => s !== 'fail');

const statusesOf = (e: BaselineEntry): RuleStatus[] => (Array.isArray(e.status) ? [...new Set(e.status)] : [e.status]);

/**
 * Validates a parsed baseline file: the schema, its catalog fingerprint (when `fingerprint` is
 * given), then every rule ID against the catalog. Throws UsageError (exit 2).
 */
export function parseBaseline(value: unknown, file: string, catalog: readonly Rule[] = CATALOG, fingerprint?: string): Baseline {
  const parsed = Baseline.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`baseline ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message} (schema Baseline in cli/report/baseline.ts)`);
  }
  if (fingerprint !== undefined && parsed.data.catalog !== undefined && parsed.data.catalog !== fingerprint) {
    throw new UsageError(
      `baseline ${file} was written against rule catalog ${parsed.data.catalog}; this suite (${suiteText(SUITE)}) judges by other rules: ` +
        `review its expectations and write it again with --write-baseline ${file}`,
    );
  }
  const known = new Set(catalog.map((r) => r.id));
  const unknown = Object.keys(parsed.data.rules).filter((id) => !known.has(id));
  if (unknown.length) {
    throw new UsageError(`baseline ${file}: ${unknown.map((id) => `"${id}"`).join(', ')} ${unknown.length === 1 ? 'is not a rule' : 'are not rules'} of the catalog (see "im-conformance rules")`);
  }
  return parsed.data;
}

/** `fingerprint`: the catalog the baseline must have been written against (none: any, e.g. a file about to be rewritten). */
export async function loadBaseline(file: string, fingerprint?: string, catalog: readonly Rule[] = CATALOG): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`baseline ${file}: cannot read it (${code === 'ENOENT' ? 'no such file; write one with --write-baseline' : (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`baseline ${file}: not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseBaseline(json, file, catalog, fingerprint);
}

/**
 * The run against the baseline, for the rules the run covered (a baseline entry for a rule outside
 * --rules or --shard is not looked at). ok: no regression and no unexpected pass.
 */
export function checkBaseline(report: ConformanceReport, baseline: Baseline, file: string): BaselineCheck {
  const findings: BaselineCheck['findings'] = [];
  for (const rule of report.rules) {
    const entry = baseline.rules[rule.id];
    const expected = entry ? statusesOf(entry) : [...NOT_FAILING];
    const actual = rule.status;
    let kind: BaselineCheck['findings'][number]['kind'];
    if (expected.includes(actual)) {
      if (!entry) continue;
      kind = 'expected';
    } else if (actual === 'fail') kind = 'regression';
    else if (actual === 'pass' && expected.includes('fail')) kind = 'unexpected-pass';
    else kind = 'changed';
    const finding: BaselineCheck['findings'][number] = { id: rule.id, kind, expected, actual };
    if (entry) finding.reason = entry.reason;
    findings.push(finding);
  }
  const ok = !findings.some((f) => f.kind === 'regression' || f.kind === 'unexpected-pass');
  return { file, ok, findings };
}

const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/**
 * The baseline that this run matches: its failing, not-applicable and flaky rules (passing and
 * not-tested ones need no entry). Entries of `previous` keep their reason while the expectation is
 * unchanged, and entries for rules this run did not cover are kept as they were.
 */
export function baselineFromReport(report: ConformanceReport, previous?: Baseline): Baseline {
  const covered = new Set(report.rules.map((r) => r.id));
  const entries = new Map<string, BaselineEntry>();
  for (const [id, entry] of Object.entries(previous?.rules ?? {})) if (!covered.has(id)) entries.set(id, entry);
  for (const rule of report.rules) {
    const flaky = report.flaky?.find((f) => f.id === rule.id);
    let status: BaselineEntry['status'];
    let reason: string;
    if (flaky) {
      status = [...new Set(flaky.outcomes.map((o) => o.status))].sort((a, b) => RULE_STATUSES.indexOf(a) - RULE_STATUSES.indexOf(b));
      reason = `flaky: ${flaky.outcomes.map((o) => `${o.status} with seed ${o.seed}`).join(', ')}`;
    } else if (rule.status === 'fail') {
      status = 'fail';
      const failed = rule.specs.find((s) => s.status === 'fail');
      reason = `fails: ${firstLine(failed?.message ?? '') || 'see the report'}`;
    } else if (rule.status === 'not-applicable') {
      status = 'not-applicable';
      reason = rule.reason ?? 'not applicable';
    } else continue;
    const old = previous?.rules[rule.id];
    const same = old && JSON.stringify(statusesOf(old)) === JSON.stringify(Array.isArray(status) ? status : [status]);
    entries.set(rule.id, { status, reason: same ? old.reason : reason });
  }
  const order = new Map(CATALOG.map((r, i) => [r.id, i]));
  const rules = Object.fromEntries([...entries].sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity)));
  return { comment: BASELINE_COMMENT, adapter: previous?.adapter ?? report.adapter.name, catalog: report.suite.catalog, rules };
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFile(file, JSON.stringify(baseline, null, 2) + '\n');
}
