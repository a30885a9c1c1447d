// The comparison of several reports (pure; the compare command reads the files): side by side, one column per
// implementation and one row per rule, as wpt.fyi and Autobahn show them. The first report is the
// reference point: for each other one, the rules that newly fail (regressions) and the rules that
// newly pass (fixes) are listed first, which makes the same command a run-to-run diff.
import { CATALOG, GROUPS, type Level } from '../../specs/catalog.ts';
import { suiteText } from '../../specs/suite.ts';
import { UsageError } from '../errors.ts';
import type { ConformanceReport, RuleReport, RuleStatus } from './report-schema.ts';

export interface CompareInput {
  /** The path as given on the command line. */
  file: string;
  report: ConformanceReport;
}

export interface CompareColumn {
  /** "[2]" in text, the column header in HTML: adapter name and version, plus the file when two columns would look alike. */
  label: string;
  file: string;
  report: ConformanceReport;
}

export interface CompareRow {
  id: string;
  group: string;
  level: Level;
  title: string;
  source: string;
  /** One cell per column; undefined when that report did not cover the rule. */
  cells: (RuleReport | undefined)[];
  /** The columns do not all agree (a rule missing from a report counts as its own outcome). */
  differs: boolean;
}

export interface ColumnSummary {
  /** MUST rules that pass, out of those that ran (pass or fail); not-applicable and not-tested are left out. */
  mustPass: number;
  mustRan: number;
  /** mustPass / mustRan as a percentage, undefined when no MUST rule ran. */
  mustPercent: number | undefined;
  shouldWarnings: number;
  notApplicable: number;
  notTested: number;
  conformant: boolean;
}

export type ChangeKind = 'regression' | 'fix' | 'other';
export interface Change {
  id: string;
  level: Level;
  kind: ChangeKind;
  /** The outcomes (outcomeOf), e.g. "pass" → "pass (partly)". */
  from: string;
  to: string;
}

export interface ColumnChanges {
  /** Index of the column compared with column 0. */
  column: number;
  regressions: Change[];
  fixes: Change[];
  other: Change[];
}

/** A later report judged by another rule catalog than the first: the suites, and what differs in the rules both reports show. */
export interface CatalogDifference {
  column: number;
  /** "im-conformance 0.1.0, catalog …" of the first report and of this one. */
  from: string;
  to: string;
  /** e.g. "multi.x: level MUST → SHOULD", "signup.y: only in [2]". */
  differences: string[];
}

export interface Comparison {
  columns: CompareColumn[];
  /** Reports judged by other rules than the first: their statuses are not comparable one to one. */
  catalogs: CatalogDifference[];
  rows: CompareRow[];
  summaries: ColumnSummary[];
  /** Each later column against the first. */
  changes: ColumnChanges[];
  /** Every report is of the same adapter (name): a run-to-run diff, so changes are regressions and fixes. */
  sameImplementation: boolean;
}

const catalogOrder = new Map(CATALOG.map((r, i) => [r.id, i]));

function labels(inputs: readonly CompareInput[]): string[] {
  const base = inputs.map((i) => `${i.report.adapter.name} ${i.report.adapter.version}`);
  return base.map((label, i) => (base.filter((b) => b === label).length > 1 ? `${label} (${inputs[i]!.file})` : label));
}

export function summarize(report: ConformanceReport): ColumnSummary {
  const must = report.rules.filter((r) => r.level === 'MUST' && (r.status === 'pass' || r.status === 'fail'));
  const mustPass = must.filter((r) => r.status === 'pass').length;
  return {
    mustPass,
    mustRan: must.length,
    mustPercent: must.length ? (100 * mustPass) / must.length : undefined,
    shouldWarnings: report.totals.shouldWarnings,
    notApplicable: report.totals.notApplicable,
    notTested: report.totals.notTested,
    conformant: report.conformant,
  };
}

/**
 * A rule's outcome as compared: its status, and for a pass whether every spec ran. A pass on some
 * specs only (the others not applicable) differs from a full one: the implementation was checked
 * on less.
 */
export const outcomeOf = (rule: RuleReport | undefined): string => (rule === undefined ? 'absent' : rule.partly !== undefined ? 'pass (partly)' : rule.status);

function changeKind(from: RuleStatus, to: RuleStatus): ChangeKind {
  if (to === 'fail') return 'regression';
  if (from === 'fail' && to === 'pass') return 'fix';
  return 'other';
}

/** The comparison of two or more reports (pure: the command reads the files and renders it). */
export function compareReports(inputs: readonly CompareInput[]): Comparison {
  if (inputs.length < 2) throw new UsageError('compare needs at least two reports (conformance.json files)');
  const names = labels(inputs);
  const columns = inputs.map((input, i): CompareColumn => ({ label: names[i]!, file: input.file, report: input.report }));
  const ids = [...new Set(inputs.flatMap((i) => i.report.rules.map((r) => r.id)))];
  ids.sort((a, b) => (catalogOrder.get(a) ?? Infinity) - (catalogOrder.get(b) ?? Infinity));
  const rows = ids.map((id): CompareRow => {
    const cells = inputs.map((i) => i.report.rules.find((r) => r.id === id));
    const first = cells.find((c) => c !== undefined)!;
    const outcomes = new Set(cells.map(outcomeOf));
    return { id, group: first.group, level: first.level, title: first.title, source: first.source, cells, differs: outcomes.size > 1 };
  });
  rows.sort((a, b) => GROUPS.indexOf(a.group as never) - GROUPS.indexOf(b.group as never));
  const changes = columns.slice(1).map((_, k): ColumnChanges => {
    const column = k + 1;
    const all: Change[] = [];
    for (const row of rows) {
      const [from, to] = [row.cells[0], row.cells[column]];
      if (from === undefined || to === undefined || outcomeOf(from) === outcomeOf(to)) continue;
      all.push({ id: row.id, level: row.level, kind: changeKind(from.status, to.status), from: outcomeOf(from), to: outcomeOf(to) });
    }
    return {
      column,
      regressions: all.filter((c) => c.kind === 'regression'),
      fixes: all.filter((c) => c.kind === 'fix'),
      other: all.filter((c) => c.kind === 'other'),
    };
  });
  const sameImplementation = new Set(inputs.map((i) => i.report.adapter.name)).size === 1;
  return { columns, catalogs: catalogDifferences(inputs), rows, summaries: inputs.map((i) => summarize(i.report)), changes, sameImplementation };
}

function catalogDifferences(inputs: readonly CompareInput[]): CatalogDifference[] {
  const [first, ...rest] = inputs.map((i) => i.report);
  return rest.flatMap((report, k): CatalogDifference[] => {
    if (report.suite.catalog === first!.suite.catalog) return [];
    const column = k + 1;
    const before = new Map(first!.rules.map((r) => [r.id, r]));
    const after = new Map(report.rules.map((r) => [r.id, r]));
    const differences: string[] = [];
    for (const [id, a] of before) {
      const b = after.get(id);
      if (!b) differences.push(`${id}: only in [1]`);
      else if (a.level !== b.level) differences.push(`${id}: level ${a.level} → ${b.level}`);
      else if (a.source !== b.source) differences.push(`${id}: another source sentence`);
    }
    for (const id of after.keys()) if (!before.has(id)) differences.push(`${id}: only in [${column + 1}]`);
    return [{ column, from: suiteText(first!.suite), to: suiteText(report.suite), differences }];
  });
}

/** The warning a comparison of reports judged by different catalogs opens with. */
export function catalogLines(c: Comparison): string[] {
  return c.catalogs.map(
    (d) => `catalogs differ: [${d.column + 1}] was judged by ${d.to}, [1] by ${d.from}${d.differences.length ? `: ${d.differences.join('; ')}` : ' (the rules both reports show are the same)'}`,
  );
}

const SHORT: Record<RuleStatus, string> = { pass: 'pass', fail: 'FAIL', 'not-applicable': 'n/a', 'not-tested': '·' };
const percent = (s: ColumnSummary) => (s.mustPercent === undefined ? 'no MUST rule ran' : `${s.mustPass}/${s.mustRan} (${s.mustPercent.toFixed(1)}%)`);

/** "MUST 27/29 (93.1%) · 1 SHOULD warning · 0 not applicable · 12 not tested · not conformant" */
export function summaryLine(s: ColumnSummary): string {
  return [
    `MUST conformance ${percent(s)}`,
    `${s.shouldWarnings} SHOULD warning${s.shouldWarnings === 1 ? '' : 's'}`,
    `${s.notApplicable} not applicable`,
    `${s.notTested} not tested`,
    s.conformant ? 'conformant' : 'not conformant',
  ].join(' · ');
}

/** Headings of the change lists: regressions and fixes for one implementation, plainer words across implementations. */
export function changeHeadings(c: Comparison, k: number): { regressions: string; fixes: string; other: string } {
  const them = `[${k + 1}]`;
  return c.sameImplementation
    ? { regressions: `regressions in ${them}`, fixes: `fixes in ${them}`, other: `other changes in ${them}` }
    : { regressions: `fails in ${them}, not in [1]`, fixes: `passes in ${them}, fails in [1]`, other: `other differences of ${them}` };
}

export function renderCompareText(c: Comparison): string {
  const out: string[] = [`im-conformance compare: ${c.columns.length} reports${c.sameImplementation ? ` of ${c.columns[0]!.report.adapter.name}` : ''}`];
  c.columns.forEach((col, i) => out.push(`  [${i + 1}] ${col.label} · seed ${col.report.seed} · ${col.report.startedAt} · ${col.file}`));
  for (const line of catalogLines(c)) out.push('', line);
  for (const ch of c.changes) {
    const h = changeHeadings(c, ch.column);
    const list = (title: string, items: Change[], mark: string) => {
      if (!items.length) return;
      out.push('', `${title} (${items.length}):`);
      for (const x of items) out.push(`  ${mark} ${x.level.padEnd(6)}  ${x.id}: ${x.from} → ${x.to}`);
    };
    list(h.regressions, ch.regressions, '✗');
    list(h.fixes, ch.fixes, '✓');
    list(h.other, ch.other, '~');
    if (!ch.regressions.length && !ch.fixes.length && !ch.other.length) out.push('', `[${ch.column + 1}] has the same status as [1] for every rule both cover`);
  }
  const idWidth = Math.max(4, ...c.rows.map((r) => r.id.length));
  const colWidth = 6;
  out.push('', `  ${'rule'.padEnd(idWidth)}  level   ${c.columns.map((_, i) => `[${i + 1}]`.padEnd(colWidth)).join('')}`.trimEnd());
  let group = '';
  for (const row of c.rows) {
    if (row.group !== group) out.push((group = row.group));
    const cells = row.cells.map((cell) => (cell ? (cell.partly !== undefined ? 'pass*' : SHORT[cell.status]) : '—').padEnd(colWidth)).join('');
    out.push(`  ${row.id.padEnd(idWidth)}  ${row.level.padEnd(6)}  ${cells}${row.differs ? '≠' : ''}`.trimEnd());
  }
  if (c.rows.some((r) => r.cells.some((cell) => cell?.partly !== undefined))) out.push('  (pass*: passed on some specs only, the others not applicable)');
  out.push('', 'summary:');
  c.columns.forEach((col, i) => out.push(`  [${i + 1}] ${col.label}: ${summaryLine(c.summaries[i]!)}`));
  const differing = c.rows.filter((r) => r.differs).length;
  out.push(`${differing} of ${c.rows.length} rules differ (marked ≠)`);
  return out.join('\n') + '\n';
}
