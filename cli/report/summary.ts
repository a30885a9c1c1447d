// Human-readable renderings of a conformance report: the console summary and summary.md.
import { BUDGET_FLAG_NAMES } from '../../fixtures/footprint.ts';
import { GROUPS } from '../../specs/catalog.ts';
import { suiteText } from '../../specs/suite.ts';
import type { BaselineCheck, ConformanceReport, FlakyRule, RuleReport, RuleStatus } from './report-schema.ts';

const CONSOLE_STATUS: Record<RuleStatus, string> = {
  pass: '✓ pass    ',
  fail: '✗ FAIL    ',
  'not-applicable': '– n/a     ',
  'not-tested': '· untested',
};
const MD_STATUS: Record<RuleStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  'not-applicable': '➖ not applicable',
  'not-tested': '⚪ not tested',
};

const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function byGroup(rules: readonly RuleReport[]): [string, RuleReport[]][] {
  return GROUPS.map((g) => [g, rules.filter((r) => r.group === g)] as [string, RuleReport[]]).filter(([, rs]) => rs.length > 0);
}

/** "conformant: 41 rules pass, 0 fail, 2 not applicable, 11 not tested" (plus what broke it). */
export function verdictLine(report: ConformanceReport): string {
  const t = report.totals;
  const counts = `${t.pass} ${t.pass === 1 ? 'rule passes' : 'rules pass'}${t.partlyPassed ? ` (${t.partlyPassed} partly)` : ''}, ${t.fail} fail, ${t.notApplicable} not applicable, ${t.notTested} not tested`;
  const notes: string[] = [];
  if (t.mustFailures) notes.push(`${t.mustFailures} MUST failed`);
  if (t.mayFailures) notes.push(`${t.mayFailures} MAY failed`);
  if (t.shouldWarnings) notes.push(`${t.shouldWarnings} SHOULD warning${t.shouldWarnings > 1 ? 's' : ''}`);
  if (t.adapterFaults) notes.push(`${t.adapterFaults} failed by ${t.adapterFaults === 1 ? 'an adapter fault' : 'adapter faults'}`);
  if (report.errors.length) notes.push(`${report.errors.length} error${report.errors.length > 1 ? 's' : ''} outside tests`);
  return `${report.conformant ? 'conformant' : 'not conformant'}: ${counts}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** The "codes" level, apart from the verdict on the rules: are the native codes Tencent's? */
export function codesLine(report: ConformanceReport): string {
  const native = report.adapter.nativeCodes ?? [];
  if (native.length === 0) return "codes: Tencent's own";
  const each = native.map((d) => `${d.code} ${d.meaning} (Tencent ${d.tencentCodes.join('/') || 'has none'})`);
  return `codes: not Tencent's: ${native.length} native code${native.length === 1 ? '' : 's'} for meanings Tencent gives other codes: ${each.join(', ')}`;
}

/** How the run met time: the link it was given, the round trip it measured, the deadlines that followed. */
export function timingLine(report: ConformanceReport): string | undefined {
  const parts: string[] = [];
  if (report.link) parts.push(`link ${report.link.delayMs} ms${report.link.jitterMs ? ` ± ${report.link.jitterMs} ms` : ''} each way`);
  const t = report.timing;
  if (t?.roundTripMs !== undefined) parts.push(`calibrated round trip ${t.roundTripMs} ms (${Object.entries(t.medians ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  if (t?.calibrationError) parts.push(`calibration failed (${t.calibrationError})`);
  if (t) parts.push(`call deadline ${t.callDeadlineMs} ms (${t.deadlineFrom}) + ${Math.round(t.loadRoundTripMs)} ms per call in flight beside it`, `spec guard ${seconds(t.specGuardMs)}`);
  return parts.length ? `timing: ${parts.join(' · ')}` : undefined;
}

/** What the run cost the service behind the adapter (calibration included). */
export function footprintLine(report: ConformanceReport): string | undefined {
  const f = report.footprint;
  if (!f) return undefined;
  const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  return `footprint: ${n(f.deployments, 'deployment')}, ${n(f.instances, 'SDK instance')}, ${n(f.logins, 'login')}, ${n(f.accounts, 'account')}, ${n(f.serverCalls, 'server-side call')}`;
}

/** The budget the run was planned within, and what the plan cut (each cut also leaves its mark on the rule). */
export function budgetLines(report: ConformanceReport): string[] {
  const b = report.budget;
  if (!b) return [];
  const limits = Object.entries(b.limits).map(([k, v]) => `${BUDGET_FLAG_NAMES[k as keyof typeof BUDGET_FLAG_NAMES]} ${v}`).join(', ');
  const head = `budget: ${limits} (from ${b.from.join(' and ')}); ${b.cuts.length ? `${b.cuts.length} spec${b.cuts.length === 1 ? '' : 's'} cut` : 'nothing cut'}`;
  return [head, ...b.cuts.map((c) => `  ${c.title} — ${c.what}`)];
}

/** The one line that says a report is partial (cli/engine/interrupt.ts). */
export function interruptedLine(report: ConformanceReport): string | undefined {
  if (!report.interrupted) return undefined;
  return `Interrupted by ${report.interrupted}: a partial report; rules whose specs did not all run are not tested ("run interrupted")`;
}

/** Which suite judged: its version and the rule catalog's fingerprint (specs/suite.ts). */
export const suiteLine = (report: ConformanceReport): string => `judged by ${suiteText(report.suite)}`;

export function renderConsoleSummary(report: ConformanceReport, outDir?: string, files = 'conformance.json, summary.md, index.html, junit.xml, allure-results/'): string {
  const out: string[] = [];
  const a = report.adapter;
  const shard = report.shard ? ` · shard ${report.shard.index}/${report.shard.total}` : '';
  out.push(`im-conformance: adapter ${a.name} ${a.version}${a.driver ? ` (through driver ${a.driver.name} ${a.driver.version})` : ''} · seed ${report.seed} · ${report.rules.length} rule${report.rules.length === 1 ? '' : 's'}${shard} · ${seconds(report.durationMs)}`);
  out.push(suiteLine(report));
  if (report.selection) out.push(`selection: --rules ${report.selection}`);
  if (report.test) out.push(`selection: --test ${report.test}`);
  if (report.mergedFrom) out.push(`merged from: ${report.mergedFrom.join(', ')}`);
  if (report.seeds) out.push(`repeated ${report.seeds.length} times, seeds ${report.seeds.join(', ')}`);
  if (report.interrupted) out.push(interruptedLine(report)!);
  for (const [group, rules] of byGroup(report.rules)) {
    out.push('', group);
    for (const r of rules) {
      const note = r.reason ? `  (${r.reason})` : r.partly ? `  (partly: ${r.partly})` : '';
      out.push(`  ${r.partly ? '✓ partly  ' : CONSOLE_STATUS[r.status]}  ${r.level.padEnd(6)}  ${r.id}${note}`);
      for (const s of r.specs.filter((s) => s.status === 'fail')) {
        out.push(`      ✗ ${s.title}`);
        if (s.message) out.push(`        ${firstLine(s.message)}`);
        if (s.counterexample) out.push(`        counterexample: ${firstLine(s.counterexample)}`);
        if (s.replay) out.push(`        replay: ${s.replay}`);
      }
    }
  }
  if (report.flaky?.length) out.push('', ...renderFlakyConsole(report.flaky, report.rules));
  if (report.warnings.length) {
    out.push('', 'warnings (about the suite, not the adapter):');
    for (const w of report.warnings) out.push(`  ! ${w}`);
  }
  if (report.errors.length) {
    out.push('', 'ERRORS OUTSIDE TESTS (the run cannot be conformant):');
    for (const e of report.errors) out.push(...e.split('\n').map((l, i) => `  ${i === 0 ? '✗ ' : '  '}${l}`));
  }
  out.push('');
  if (outDir) out.push(`reports: ${outDir} (${files})`);
  for (const line of [timingLine(report), footprintLine(report), ...budgetLines(report)]) if (line) out.push(line);
  out.push(codesLine(report));
  out.push(verdictLine(report));
  return out.join('\n') + '\n';
}

/** "fail with seed 2 (message), pass with seed 1" */
export function flakyOutcomes(f: FlakyRule): string {
  return f.outcomes.map((o) => `${o.status} with seed ${o.seed}${o.message ? ` (${o.message})` : ''}`).join(', ');
}

function renderFlakyConsole(flaky: readonly FlakyRule[], rules: readonly RuleReport[]): string[] {
  const out = ['FLAKY (the outcome changed between runs with different seeds):'];
  for (const f of flaky) {
    const level = rules.find((r) => r.id === f.id)?.level ?? '';
    out.push(`  ~ ${level.padEnd(6)}  ${f.id}: ${flakyOutcomes(f)}`);
  }
  return out;
}

const expectedText = (statuses: readonly RuleStatus[]) => statuses.join(' or ');
const KIND_TEXT = { regression: 'regression', 'unexpected-pass': 'unexpected pass', changed: 'changed', expected: 'as expected' } as const;

/** "1 regression, 1 unexpected pass, 1 other change, 2 as expected" */
export function baselineCounts(check: BaselineCheck): string {
  const n = (kind: BaselineCheck['findings'][number]['kind']) => check.findings.filter((f) => f.kind === kind).length;
  const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return [
    plural(n('regression'), 'regression', 'regressions'),
    plural(n('unexpected-pass'), 'unexpected pass', 'unexpected passes'),
    ...(n('changed') ? [plural(n('changed'), 'other change', 'other changes')] : []),
    `${n('expected')} as expected`,
  ].join(', ');
}

/**
 * The baseline section of the console: every difference, then one verdict line. `update` is the
 * command that rewrites the baseline from this run (printed when the baseline is out of date).
 */
export function renderBaselineConsole(check: BaselineCheck, rules: readonly RuleReport[], update?: string): string {
  const out: string[] = [''];
  const differences = check.findings.filter((f) => f.kind !== 'expected');
  if (differences.length) out.push(`baseline ${check.file}: differences`);
  for (const f of differences) {
    const level = rules.find((r) => r.id === f.id)?.level ?? '';
    const mark = f.kind === 'regression' ? '✗' : f.kind === 'unexpected-pass' ? '!' : '~';
    const why = f.reason ? ` (${f.reason})` : '';
    out.push(`  ${mark} ${KIND_TEXT[f.kind].padEnd(15)}  ${level.padEnd(6)}  ${f.id}: expected ${expectedText(f.expected)}${why}, now ${f.actual}`);
  }
  if (differences.length && update) out.push(`to accept this run as the new baseline: ${update}`);
  out.push(`baseline ${check.file}: ${check.ok ? 'OK' : 'FAILED'}: ${baselineCounts(check)}`);
  return out.join('\n') + '\n';
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

export function renderMarkdownSummary(report: ConformanceReport): string {
  const a = report.adapter;
  const t = report.totals;
  const md: string[] = [];
  md.push(`# Conformance: ${a.name} ${a.version}${a.driver ? ` (through driver ${a.driver.name} ${a.driver.version})` : ''} — ${report.conformant ? '✅ conformant' : '❌ not conformant'}`, '');
  const facts = [`seed \`${report.seed}\``, `started ${report.startedAt}`, seconds(report.durationMs), suiteLine(report)];
  if (report.selection) facts.push(`rules \`${report.selection}\``);
  if (report.test) facts.push(`test \`${report.test}\``);
  if (report.shard) facts.push(`shard ${report.shard.index}/${report.shard.total}`);
  if (report.mergedFrom) facts.push(`merged from ${report.mergedFrom.join(', ')}`);
  if (report.seeds) facts.push(`repeated with seeds ${report.seeds.map((s) => `\`${s}\``).join(', ')}`);
  md.push(facts.join(' · '), '', codesLine(report), '');
  for (const line of [timingLine(report), footprintLine(report)]) if (line) md.push(line, '');
  const budget = budgetLines(report);
  if (budget.length) md.push(budget[0]!, '', ...budget.slice(1).map((l) => `- ${l.trim()}`), '');
  if (report.interrupted) md.push(`**⚠️ ${interruptedLine(report)}.**`, '');
  md.push(
    `**${t.pass} pass · ${t.fail} fail · ${t.notApplicable} not applicable · ${t.notTested} not tested** ` +
      `(${t.mustFailures} MUST failures, ${t.mayFailures} MAY failures, ${t.shouldWarnings} SHOULD warnings)`,
    '',
  );
  if (report.baseline) {
    const b = report.baseline;
    md.push(`## Baseline: ${b.ok ? '✅ no regression' : '❌ the run does not match it'}`, '', `\`${b.file}\`: ${baselineCounts(b)}.`, '');
    const differences = b.findings.filter((f) => f.kind !== 'expected');
    if (differences.length) {
      md.push('| Change | Rule | Expected | Now | Reason |', '| --- | --- | --- | --- | --- |');
      for (const f of differences) md.push(`| ${KIND_TEXT[f.kind]} | \`${f.id}\` | ${expectedText(f.expected)} | ${f.actual} | ${cell(f.reason ?? '')} |`);
      md.push('');
    }
  }
  if (report.flaky?.length) {
    md.push('## Flaky rules', '', 'The outcome changed between runs with different seeds.', '', '| Rule | Outcomes |', '| --- | --- |');
    for (const f of report.flaky) md.push(`| \`${f.id}\` | ${cell(flakyOutcomes(f))} |`);
    md.push('');
  }
  if (report.errors.length) {
    md.push('## Errors outside tests', '', 'Each of these makes the run non-conformant.', '');
    for (const e of report.errors) md.push(fenced(e), '');
  }
  for (const [group, rules] of byGroup(report.rules)) {
    md.push(`## ${group}`, '', '| Status | Level | Rule | Title |', '| --- | --- | --- | --- |');
    for (const r of rules) {
      const why = r.reason ?? (r.partly ? `partly: ${r.partly}` : undefined);
      const title = why ? `${r.title} — _${why}_` : r.title;
      md.push(`| ${r.partly ? '✅ pass (partly)' : MD_STATUS[r.status]} | ${r.level} | \`${r.id}\` | ${cell(title)} |`);
    }
    md.push('');
  }
  const failed = report.rules.filter((r) => r.status === 'fail');
  if (failed.length) {
    md.push('## Failures', '');
    for (const r of failed) {
      md.push(`### \`${r.id}\` (${r.level}${r.level === 'SHOULD' ? ', warning' : ''})`, '', r.title, '');
      for (const s of r.specs.filter((s) => s.status === 'fail')) {
        md.push(`**${s.title}**`, '');
        if (s.message) md.push(fenced(s.message), '');
        if (s.counterexample) md.push('Counterexample:', '', fenced(s.counterexample), '');
        if (s.replay) md.push('Replay:', '', fenced(s.replay, 'sh'), '');
        if (s.trace) md.push('<details><summary>trace</summary>', '', fenced(s.trace), '', '</details>', '');
      }
    }
  }
  if (report.warnings.length) {
    md.push('## Warnings about the suite', '');
    for (const w of report.warnings) md.push(`- ${w}`);
    md.push('');
  }
  md.push(`_${verdictLine(report)}_`, '');
  return md.join('\n');
}
