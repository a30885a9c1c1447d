// Human-readable renderings of a conformance report: the console summary and summary.md.
import { GROUPS } from '../specs/catalog.ts';
import type { ConformanceReport, RuleReport, RuleStatus } from './report-schema.ts';

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

function byGroup(rules: readonly RuleReport[]): [string, RuleReport[]][] {
  return GROUPS.map((g) => [g, rules.filter((r) => r.group === g)] as [string, RuleReport[]]).filter(([, rs]) => rs.length > 0);
}

/** "conformant: 41 rules pass, 0 fail, 2 not applicable, 11 not tested" (plus what broke it). */
export function verdictLine(report: ConformanceReport): string {
  const t = report.totals;
  const counts = `${t.pass} ${t.pass === 1 ? 'rule passes' : 'rules pass'}, ${t.fail} fail, ${t.notApplicable} not applicable, ${t.notTested} not tested`;
  const notes: string[] = [];
  if (t.mustFailures) notes.push(`${t.mustFailures} MUST failed`);
  if (t.mayFailures) notes.push(`${t.mayFailures} MAY failed`);
  if (t.shouldWarnings) notes.push(`${t.shouldWarnings} SHOULD warning${t.shouldWarnings > 1 ? 's' : ''}`);
  if (report.errors.length) notes.push(`${report.errors.length} error${report.errors.length > 1 ? 's' : ''} outside tests`);
  return `${report.conformant ? 'conformant' : 'not conformant'}: ${counts}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export function renderConsoleSummary(report: ConformanceReport, outDir?: string): string {
  const out: string[] = [];
  const a = report.adapter;
  out.push(`im-conformance: adapter ${a.name} ${a.version} · seed ${report.seed} · ${report.rules.length} rule${report.rules.length === 1 ? '' : 's'} · ${seconds(report.durationMs)}`);
  if (report.selection) out.push(`selection: --rules ${report.selection}`);
  if (report.test) out.push(`selection: --test ${report.test}`);
  for (const [group, rules] of byGroup(report.rules)) {
    out.push('', group);
    for (const r of rules) {
      const note = r.reason ? `  (${r.reason})` : '';
      out.push(`  ${CONSOLE_STATUS[r.status]}  ${r.level.padEnd(6)}  ${r.id}${note}`);
      for (const s of r.specs.filter((s) => s.status === 'fail')) {
        out.push(`      ✗ ${s.title}`);
        if (s.message) out.push(`        ${firstLine(s.message)}`);
        if (s.counterexample) out.push(`        counterexample: ${firstLine(s.counterexample)}`);
        if (s.replay) out.push(`        replay: ${s.replay}`);
      }
    }
  }
  if (report.warnings.length) {
    out.push('', 'warnings (about the suite, not the adapter):');
    for (const w of report.warnings) out.push(`  ! ${w}`);
  }
  if (report.errors.length) {
    out.push('', 'ERRORS OUTSIDE TESTS (the run cannot be conformant):');
    for (const e of report.errors) out.push(...e.split('\n').map((l, i) => `  ${i === 0 ? '✗ ' : '  '}${l}`));
  }
  out.push('');
  if (outDir) out.push(`reports: ${outDir} (conformance.json, summary.md, junit.xml, allure-results/)`);
  out.push(verdictLine(report));
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
  md.push(`# Conformance: ${a.name} ${a.version} — ${report.conformant ? '✅ conformant' : '❌ not conformant'}`, '');
  const facts = [`seed \`${report.seed}\``, `started ${report.startedAt}`, seconds(report.durationMs)];
  if (report.selection) facts.push(`rules \`${report.selection}\``);
  if (report.test) facts.push(`test \`${report.test}\``);
  md.push(facts.join(' · '), '');
  md.push(
    `**${t.pass} pass · ${t.fail} fail · ${t.notApplicable} not applicable · ${t.notTested} not tested** ` +
      `(${t.mustFailures} MUST failures, ${t.mayFailures} MAY failures, ${t.shouldWarnings} SHOULD warnings)`,
    '',
  );
  if (report.errors.length) {
    md.push('## Errors outside tests', '', 'Each of these makes the run non-conformant.', '');
    for (const e of report.errors) md.push(fenced(e), '');
  }
  for (const [group, rules] of byGroup(report.rules)) {
    md.push(`## ${group}`, '', '| Status | Level | Rule | Title |', '| --- | --- | --- | --- |');
    for (const r of rules) {
      const title = r.reason ? `${r.title} — _${r.reason}_` : r.title;
      md.push(`| ${MD_STATUS[r.status]} | ${r.level} | \`${r.id}\` | ${cell(title)} |`);
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
