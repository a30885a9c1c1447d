// The pages people read: reports/index.html (one run) and the compare page (several runs side by
// side). Each is one self-contained file: inline CSS and a few lines of inline script, no external
// resource (a Content-Security-Policy forbids any), so it opens from disk or a CI artifact as is.
// Everything works without the script (rules expand with <details>); it adds filters and copy buttons.
import type { Comparison } from './comparison.ts';
import { catalogLines, changeHeadings, summaryLine } from './comparison.ts';
import type { BaselineCheck, ConformanceReport, Failure, RuleReport, RuleStatus, SpecReport, TraceEntry } from './report-schema.ts';
import { baselineCounts, budgetLines, byGroup, codesLine, flakyOutcomes, footprintLine, interruptedLine, suiteLine, timingLine, verdictLine } from './summary.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML content and attribute values. */
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const STATUS_TEXT: Record<RuleStatus, string> = { pass: 'pass', fail: 'fail', 'not-applicable': 'n/a', 'not-tested': 'not tested' };
const STATUS_TITLE: Record<RuleStatus, string> = {
  pass: 'every spec of the rule passed',
  fail: 'a spec of the rule failed',
  'not-applicable': 'the adapter lacks a capability the rule needs (not counted as a pass)',
  'not-tested': 'the suite has no spec for this rule yet (not counted as a pass)',
};

/** The status badge; a failing SHOULD rule is a warning and looks like one. */
function badge(status: RuleStatus, level?: string, partly?: string): string {
  const cls = status === 'fail' && level === 'SHOULD' ? 'warn' : status;
  const text = status === 'fail' && level === 'SHOULD' ? 'warn' : partly ? 'pass (partly)' : STATUS_TEXT[status];
  return `<span class="badge b-${esc(cls)}" title="${esc(STATUS_TITLE[status])}">${esc(text)}</span>`;
}
const levelTag = (level: string) => `<span class="level l-${esc(level)}">${esc(level)}</span>`;

const CSS = `
:root{--fg:#1d232b;--muted:#5d6875;--line:#dde2e8;--bg:#f6f7f9;--card:#fff;--pass:#1a7f37;--pass-bg:#e6f4ea;--fail:#c62828;--fail-bg:#fdecea;--warn:#9a6700;--warn-bg:#fff4d6;--na:#57606a;--na-bg:#eceff3;--nt:#6e7781;--nt-bg:#f3f4f6;--accent:#0b5cad;--diff:#fff8c5}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:14px 0 6px}h4{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:12px 0 4px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
pre{margin:0;padding:8px 10px;background:#f3f5f8;border:1px solid var(--line);border-radius:6px;white-space:pre-wrap;word-break:break-word}
.facts{color:var(--muted);margin:0 0 14px}
.verdict{display:inline-block;padding:3px 10px;border-radius:999px;font-weight:600;font-size:13px;vertical-align:middle;margin-left:8px}
.v-ok{background:var(--pass-bg);color:var(--pass)}.v-bad{background:var(--fail-bg);color:var(--fail)}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 6px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:112px}
.card b{display:block;font-size:22px;line-height:1.2}.card span{color:var(--muted);font-size:12px}
.card.c-fail b{color:var(--fail)}.card.c-pass b{color:var(--pass)}.card.c-warn b{color:var(--warn)}
.box{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:10px 14px;margin:12px 0}
.box.bad{border-left-color:var(--fail)}.box.ok{border-left-color:var(--pass)}.box.warnbox{border-left-color:var(--warn)}
.box h3{margin-top:0}.box ul{margin:4px 0 0;padding-left:20px}
.toolbar{display:none;gap:6px;align-items:center;margin:18px 0 0;flex-wrap:wrap}.js .toolbar{display:flex}
.toolbar button,button.copy{font:inherit;font-size:13px;padding:3px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);cursor:pointer}
.toolbar button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
.group h2 .stats{font-weight:400;color:var(--muted);font-size:13px;margin-left:8px}
.rule{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;margin:4px 0}
.rule[data-status=fail]{border-left:4px solid var(--fail)}.rule[data-status=fail][data-level=SHOULD]{border-left-color:var(--warn)}
.rule>summary{display:grid;grid-template-columns:84px 64px 250px 1fr auto;gap:10px;align-items:center;padding:7px 10px;cursor:pointer;list-style:none}
.rule>summary::-webkit-details-marker{display:none}
.rule>summary::before{content:"";display:none}
.rule>summary:hover{background:#f9fafb}.rule[open]>summary{border-bottom:1px solid var(--line)}
.rule .rid{font-weight:600}.rule .rtitle{color:var(--muted)}.rule .note{color:var(--muted);font-size:12px;white-space:nowrap}
.rule .body{padding:4px 14px 14px}
.badge{display:inline-block;text-align:center;min-width:72px;padding:1px 8px;border-radius:4px;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.b-pass{background:var(--pass-bg);color:var(--pass)}.b-fail{background:var(--fail-bg);color:var(--fail)}.b-warn{background:var(--warn-bg);color:var(--warn)}
.b-not-applicable{background:var(--na-bg);color:var(--na)}.b-not-tested{background:var(--nt-bg);color:var(--nt)}.b-absent{background:transparent;color:var(--nt)}
.level{font-size:11px;font-weight:700;padding:1px 6px;border-radius:4px;border:1px solid var(--line);color:var(--muted);text-align:center}
.l-MUST{color:#8250df;border-color:#d8c7fb}.l-SHOULD{color:#9a6700;border-color:#f0d9a0}.l-MAY{color:#0b5cad;border-color:#b6d4f5}
blockquote.source{margin:10px 0;padding:6px 12px;border-left:3px solid #c9d1d9;color:#3a434e;background:#fafbfc}
blockquote.source .who{display:block;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.specs{list-style:none;margin:8px 0 0;padding:0}
.spec{border-top:1px dashed var(--line);padding:8px 0}
.spec .st{font-weight:600}.spec-fail .st{color:var(--fail)}.spec-pass .st{color:var(--pass)}.spec-not-applicable .st{color:var(--na)}
.spec .reason{color:var(--muted)}
pre.message{background:var(--fail-bg);border-color:#f3c2bd}
table.expected-actual{border-collapse:collapse;margin:.3em 0}table.expected-actual th{text-align:left;padding:.15em .8em .15em 0;color:var(--muted);font-weight:600}table.expected-actual td{padding:.15em 0}
.replay{display:flex;gap:8px;align-items:flex-start}.replay pre{flex:1}
.timeline-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
table.timeline{border-collapse:collapse;width:100%;font-size:12.5px}
table.timeline th{position:sticky;top:0;background:#eef1f5;text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);white-space:nowrap}
table.timeline td{padding:2px 8px;vertical-align:top;border-bottom:1px solid #f0f2f5}
table.timeline td.seq{color:var(--muted);text-align:right;width:1%;font-family:ui-monospace,monospace}
table.timeline td.lane{background:linear-gradient(#e1e5ea,#e1e5ea) no-repeat 14px 0/1px 100%}
table.timeline td.ev{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border-left:3px solid var(--c);background:color-mix(in srgb,var(--c) 8%,white)}
table.timeline td.ev.event{font-style:italic}
.a0{--c:#0b5cad}.a1{--c:#8250df}.a2{--c:#1a7f37}.a3{--c:#bc4c00}.a4{--c:#bf3989}.a5{--c:#0a7d8c}.a6{--c:#6e7781}.a7{--c:#9a6700}
.muted{color:var(--muted)}
footer{margin-top:36px;color:var(--muted);font-size:12px}
body[data-show=fail] .rule:not([data-status=fail]),body[data-show=not-applicable] .rule:not([data-status=not-applicable]),body[data-show=not-tested] .rule:not([data-status=not-tested]){display:none}
body[data-show=fail] .group:not([data-has~=fail]),body[data-show=not-applicable] .group:not([data-has~=not-applicable]),body[data-show=not-tested] .group:not([data-has~=not-tested]){display:none}
table.matrix{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
table.matrix th,table.matrix td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.matrix thead th{background:#eef1f5;position:sticky;top:0;z-index:1}
table.matrix tr.group-row th{background:#f6f7f9;font-size:13px;padding-top:10px}
table.matrix tr.differs td{background:var(--diff)}
table.matrix tr.differs td.mark{color:var(--warn);font-weight:700}
table.matrix td.cell details summary{cursor:pointer;list-style:none}table.matrix td.cell details summary::-webkit-details-marker{display:none}
table.matrix td.cell .why{font-size:12px;color:#3a434e;max-width:360px;margin-top:4px}
table.matrix .rtitle{display:block;color:var(--muted);font-size:12px}
body.only-diff table.matrix tbody tr.same{display:none}
.meter{display:inline-block;width:90px;height:8px;border-radius:4px;background:var(--fail-bg);vertical-align:middle;margin-right:6px;overflow:hidden}
.meter i{display:block;height:100%;background:var(--pass)}
table.sum{border-collapse:collapse;background:var(--card);border:1px solid var(--line);width:100%}
table.sum th,table.sum td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left}
@media (max-width:760px){.rule>summary{grid-template-columns:74px 56px 1fr}.rule .rtitle,.rule .note{grid-column:1/-1}}
`;

const SCRIPT = `
document.documentElement.classList.add('js');
document.addEventListener('click', function (e) {
  var t = e.target.closest('button');
  if (!t) return;
  if (t.dataset.filter !== undefined) {
    document.body.dataset.show = t.dataset.filter;
    document.querySelectorAll('[data-filter]').forEach(function (b) { b.setAttribute('aria-pressed', String(b === t)); });
  } else if (t.dataset.expand !== undefined) {
    var open = t.dataset.expand === 'open';
    document.querySelectorAll(open ? '.rule[data-status=fail]' : '.rule').forEach(function (d) { d.open = open; });
  } else if (t.dataset.onlyDiff !== undefined) {
    var on = document.body.classList.toggle('only-diff');
    t.setAttribute('aria-pressed', String(on));
  } else if (t.classList.contains('copy')) {
    var text = t.dataset.text, done = function (ok) { t.textContent = ok ? 'Copied' : 'Select and copy'; setTimeout(function () { t.textContent = 'Copy'; }, 1500); };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); }); else done(false);
  }
});
if (location.hash) { var d = document.getElementById(decodeURIComponent(location.hash.slice(1))); if (d && d.tagName === 'DETAILS') d.open = true; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
<footer>Generated by im-conformance. This page is self-contained: it loads nothing from the network and opens from disk.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The cross-client timeline: one column per client (in order of first appearance), one row per entry, in order. */
export function renderTimeline(entries: readonly TraceEntry[]): string {
  const actors = [...new Set(entries.map((e) => e.who))];
  const head = `<tr><th>#</th>${actors.map((a, i) => `<th class="a${i % 8}" scope="col">${esc(a)}</th>`).join('')}</tr>`;
  const rows = [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const col = actors.indexOf(e.who);
      const cells = actors
        .map((_, i) =>
          i === col ? `<td class="ev a${i % 8}${e.what.startsWith('event ') ? ' event' : ''}" data-who="${esc(e.who)}">${esc(e.what)}</td>` : '<td class="lane"></td>',
        )
        .join('');
      return `<tr><td class="seq">${e.seq}</td>${cells}</tr>`;
    })
    .join('\n');
  const clients = actors.filter((a) => a !== 'harness').length;
  const across = [clients ? `${clients} client${clients === 1 ? '' : 's'}` : '', actors.includes('harness') ? 'the harness' : ''].filter(Boolean).join(' and ');
  const caption = `Timeline across ${across || 'the run'}, in order`;
  return `<h4>${caption}</h4><div class="timeline-wrap"><table class="timeline"><thead>${head}</thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function renderReplay(command: string): string {
  return `<h4>Replay this failure</h4><div class="replay"><pre class="replay-cmd"><code>${esc(command)}</code></pre><button type="button" class="copy" data-text="${esc(command)}">Copy</button></div>`;
}

const FAILURE_TEXT: Record<Failure['kind'], string> = {
  'rule-violation': 'the implementation broke the rule',
  'adapter-fault': 'the adapter broke the contract: the rule could not be judged',
  error: 'an error, neither a verdict nor the adapter: see the message',
};

/** The kind of failure, and expected against actual where the check knew them. */
function renderFailure(f: Failure): string {
  const rows = (['call', 'expected', 'actual'] as const).filter((k) => f[k] !== undefined).map((k) => `<tr><th>${k}</th><td><code>${esc(f[k]!)}</code></td></tr>`);
  return `<p class="failure-kind failure-${f.kind}"><b>${esc(f.kind)}</b>: ${esc(FAILURE_TEXT[f.kind])}</p>${rows.length ? `<table class="expected-actual">${rows.join('')}</table>` : ''}`;
}

function renderSpec(s: SpecReport): string {
  const mark = s.status === 'pass' ? '✓' : s.status === 'fail' ? '✗' : '–';
  const parts = [`<div><span class="st">${mark} ${esc(STATUS_TEXT[s.status])}</span> <span class="stitle">${esc(s.title)}</span> <span class="muted">${s.durationMs} ms</span></div>`];
  if (s.reason) parts.push(`<div class="reason">${esc(s.reason)}</div>`);
  if (s.status === 'fail') {
    if (s.failure) parts.push(renderFailure(s.failure));
    if (s.message) parts.push(`<h4>Failure</h4><pre class="message">${esc(s.message)}</pre>`);
    if (s.counterexample) parts.push(`<h4>Counterexample (shrunk)</h4><pre class="counterexample">${esc(s.counterexample)}</pre>`);
    if (s.traceEntries?.length) parts.push(renderTimeline(s.traceEntries));
    else if (s.trace) parts.push(`<h4>Trace</h4><pre class="trace">${esc(s.trace)}</pre>`);
    if (s.replay) parts.push(renderReplay(s.replay));
  }
  return `<li class="spec spec-${esc(s.status)}">${parts.join('\n')}</li>`;
}

function sourceBlock(source: string): string {
  const derived = /^derived:\s*/.exec(source);
  const who = derived ? 'Derived rule (not a sentence of the documentation)' : 'Documentation';
  return `<blockquote class="source"><span class="who">${who}</span>${esc(derived ? source.slice(derived[0].length) : source)}</blockquote>`;
}

function ruleNote(r: RuleReport): string {
  const failed = r.specs.filter((s) => s.status === 'fail').length;
  if (failed) return `${failed} of ${r.specs.length} spec${r.specs.length === 1 ? '' : 's'} failed`;
  if (r.specs.length) return `${r.specs.length} spec${r.specs.length === 1 ? '' : 's'}`;
  return 'no spec';
}

function renderRule(r: RuleReport, report: ConformanceReport): string {
  const finding = report.baseline?.findings.find((f) => f.id === r.id);
  const flaky = report.flaky?.find((f) => f.id === r.id);
  const body: string[] = [sourceBlock(r.source)];
  if (r.reason) body.push(`<p class="reason"><b>${r.status === 'not-applicable' ? 'Not applicable' : 'Not tested'}:</b> ${esc(r.reason)}</p>`);
  if (r.partly) body.push(`<p class="reason partly"><b>Passed on some specs only:</b> ${esc(r.partly)}</p>`);
  if (finding && finding.kind !== 'expected') {
    body.push(`<p class="baseline-note"><b>Baseline (${esc(finding.kind)}):</b> expected ${esc(finding.expected.join(' or '))}${finding.reason ? ` (${esc(finding.reason)})` : ''}, now ${esc(finding.actual)}.</p>`);
  } else if (finding?.reason) {
    body.push(`<p class="baseline-note muted"><b>Baseline:</b> expected ${esc(finding.expected.join(' or '))}: ${esc(finding.reason)}</p>`);
  }
  if (flaky) body.push(`<p class="flaky-note"><b>Flaky:</b> ${esc(flakyOutcomes(flaky))}</p>`);
  if (r.specs.length) body.push(`<h4>Specs</h4><ul class="specs">${r.specs.map(renderSpec).join('\n')}</ul>`);
  const extra = [
    finding?.kind === 'regression' ? '<span class="badge b-fail">regression</span>' : '',
    finding?.kind === 'unexpected-pass' ? '<span class="badge b-warn">unexpected pass</span>' : '',
    finding?.kind === 'expected' && r.status === 'fail' ? '<span class="badge b-not-applicable" title="listed in the baseline">known</span>' : '',
    flaky ? '<span class="badge b-warn">flaky</span>' : '',
  ].join('');
  return `<details class="rule" id="rule-${esc(r.id)}" data-status="${esc(r.status)}" data-level="${esc(r.level)}">
<summary>${badge(r.status, r.level, r.partly)}${levelTag(r.level)}<code class="rid">${esc(r.id)}</code><span class="rtitle">${esc(r.title)}</span><span class="note">${extra}${esc(ruleNote(r))}</span></summary>
<div class="body">${body.join('\n')}</div>
</details>`;
}

function renderBaselineBox(b: BaselineCheck): string {
  const differences = b.findings.filter((f) => f.kind !== 'expected');
  const items = differences
    .map((f) => `<li><b>${esc(f.kind)}</b> <a href="#rule-${esc(f.id)}"><code>${esc(f.id)}</code></a>: expected ${esc(f.expected.join(' or '))}${f.reason ? ` (${esc(f.reason)})` : ''}, now ${esc(f.actual)}</li>`)
    .join('');
  return `<section class="box ${b.ok ? 'ok' : 'bad'}" id="baseline"><h3>Baseline <code>${esc(b.file)}</code>: ${b.ok ? 'no regression' : 'the run does not match it'}</h3><div>${esc(baselineCounts(b))}</div>${items ? `<ul>${items}</ul>` : ''}</section>`;
}

/** reports/index.html: the rule matrix by group, each rule expandable to what a person needs to act on it. */
export function renderHtmlReport(report: ConformanceReport): string {
  const a = report.adapter;
  const t = report.totals;
  const facts = [`seed ${report.seed}`, `started ${report.startedAt}`, seconds(report.durationMs), `${report.rules.length} rules`, suiteLine(report)];
  if (report.selection) facts.push(`--rules ${report.selection}`);
  if (report.test) facts.push(`--test ${report.test}`);
  if (report.shard) facts.push(`shard ${report.shard.index}/${report.shard.total}`);
  if (report.mergedFrom) facts.push(`merged from ${report.mergedFrom.join(', ')}`);
  if (report.seeds) facts.push(`repeated with seeds ${report.seeds.join(', ')}`);
  if (a.driver) facts.push(`through driver ${a.driver.name} ${a.driver.version}`);
  if (a.capabilities.length) facts.push(`capabilities: ${a.capabilities.join(', ')}`);
  const card = (n: number, label: string, cls = '') => `<div class="card ${cls}"><b>${n}</b><span>${esc(label)}</span></div>`;
  const parts: string[] = [
    `<header><h1>${esc(a.name)} <span class="muted">${esc(a.version)}</span><span class="verdict ${report.conformant ? 'v-ok' : 'v-bad'}">${report.conformant ? 'conformant' : 'not conformant'}</span></h1>`,
    `<p class="facts">${facts.map(esc).join(' · ')}</p>`,
    `<div class="cards">${card(t.pass, 'rules pass', 'c-pass')}${card(t.fail, 'rules fail', t.fail ? 'c-fail' : '')}${card(t.mustFailures, 'MUST failures', t.mustFailures ? 'c-fail' : '')}${card(t.mayFailures, 'MAY failures', t.mayFailures ? 'c-fail' : '')}${card(t.shouldWarnings, 'SHOULD warnings', t.shouldWarnings ? 'c-warn' : '')}${card(t.notApplicable, 'not applicable')}${card(t.notTested, 'not tested')}</div>`,
    `<p class="verdict-line">${esc(verdictLine(report))}</p>`,
    `<p class="facts" id="codes">${esc(codesLine(report))}</p>`,
    ...[['timing', timingLine(report)], ['footprint', footprintLine(report)]].filter(([, line]) => line).map(([id, line]) => `<p class="facts" id="${id}">${esc(line!)}</p>`),
    ...(report.budget ? [`<div class="facts" id="budget">${esc(budgetLines(report)[0]!)}${report.budget.cuts.length ? `<ul>${budgetLines(report).slice(1).map((l) => `<li>${esc(l.trim())}</li>`).join('')}</ul>` : ''}</div>`] : []),
    `</header>`,
  ];
  if (report.interrupted) parts.push(`<p class="box bad" id="interrupted">${esc(interruptedLine(report) ?? '')}</p>`);
  if (report.baseline) parts.push(renderBaselineBox(report.baseline));
  if (report.flaky?.length) {
    parts.push(
      `<section class="box warnbox" id="flaky"><h3>Flaky rules: the outcome changed between runs</h3><ul>${report.flaky
        .map((f) => `<li><a href="#rule-${esc(f.id)}"><code>${esc(f.id)}</code></a>: ${esc(flakyOutcomes(f))}</li>`)
        .join('')}</ul></section>`,
    );
  }
  if (report.errors.length) {
    parts.push(`<section class="box bad" id="errors"><h3>Errors outside tests (each makes the run non-conformant)</h3>${report.errors.map((e) => `<pre>${esc(e)}</pre>`).join('')}</section>`);
  }
  const count = (s: RuleStatus) => report.rules.filter((r) => r.status === s).length;
  parts.push(
    `<div class="toolbar" role="toolbar" aria-label="Filter rules"><span class="muted">Show:</span>` +
      `<button type="button" data-filter="" aria-pressed="true">all ${report.rules.length}</button>` +
      `<button type="button" data-filter="fail" aria-pressed="false">failures ${count('fail')}</button>` +
      `<button type="button" data-filter="not-applicable" aria-pressed="false">not applicable ${count('not-applicable')}</button>` +
      `<button type="button" data-filter="not-tested" aria-pressed="false">not tested ${count('not-tested')}</button>` +
      `<span class="muted" style="margin-left:12px">Failures:</span><button type="button" data-expand="open">expand</button><button type="button" data-expand="close">collapse all</button></div>`,
  );
  for (const [group, rules] of byGroup(report.rules)) {
    const statuses = [...new Set(rules.map((r) => r.status))];
    const stats = (['pass', 'fail', 'not-applicable', 'not-tested'] as const)
      .map((s) => [s, rules.filter((r) => r.status === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${STATUS_TEXT[s]}`)
      .join(' · ');
    parts.push(
      `<section class="group" id="group-${esc(group)}" data-has="${esc(statuses.join(' '))}"><h2>${esc(group)}<span class="stats">${esc(stats)}</span></h2>\n${rules.map((r) => renderRule(r, report)).join('\n')}</section>`,
    );
  }
  if (report.warnings.length) {
    parts.push(`<section class="box warnbox" id="warnings"><h3>Warnings about the suite (not about the adapter)</h3><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`);
  }
  return page(`Conformance: ${a.name} ${a.version} — ${report.conformant ? 'conformant' : 'not conformant'}`, parts.join('\n'));
}

/** The compare page: a summary per implementation, the changes against the first, and the rule matrix. */
export function renderCompareHtml(c: Comparison): string {
  const parts: string[] = [`<header><h1>Conformance compared <span class="muted">${c.columns.length} reports${c.sameImplementation ? ` of ${esc(c.columns[0]!.report.adapter.name)}` : ''}</span></h1></header>`];
  const sumRows = c.columns
    .map((col, i) => {
      const s = c.summaries[i]!;
      const pct = s.mustPercent;
      const meter = pct === undefined ? '' : `<span class="meter" title="${pct.toFixed(1)}%"><i style="width:${pct.toFixed(1)}%"></i></span>`;
      return `<tr data-column="${i + 1}"><th>[${i + 1}] ${esc(col.label)}<div class="muted mono">${esc(col.file)} · seed ${col.report.seed}</div></th><td>${meter}${pct === undefined ? 'no MUST rule ran' : `${s.mustPass}/${s.mustRan} (${pct.toFixed(1)}%)`}</td><td>${s.shouldWarnings}</td><td>${s.notApplicable}</td><td>${s.notTested}</td><td><span class="verdict ${s.conformant ? 'v-ok' : 'v-bad'}">${s.conformant ? 'conformant' : 'not conformant'}</span></td></tr>`;
    })
    .join('');
  parts.push(
    `<h2>Summary</h2><table class="sum"><thead><tr><th>implementation</th><th>MUST conformance</th><th>SHOULD warnings</th><th>not applicable</th><th>not tested</th><th>verdict</th></tr></thead><tbody>${sumRows}</tbody></table>`,
  );
  parts.push(`<p class="muted summary-lines">${c.columns.map((col, i) => `[${i + 1}] ${esc(col.label)}: ${esc(summaryLine(c.summaries[i]!))}`).join('<br>')}</p>`);
  for (const line of catalogLines(c)) parts.push(`<section class="box warnbox catalogs"><p>${esc(line)}</p></section>`);
  for (const ch of c.changes) {
    const h = changeHeadings(c, ch.column);
    const list = (title: string, items: typeof ch.regressions, cls: string) =>
      items.length
        ? `<section class="box ${cls}"><h3>${esc(title)} (${items.length})</h3><ul>${items.map((x) => `<li><code>${esc(x.id)}</code> ${levelTag(x.level)} ${esc(x.from)} → ${esc(x.to)}</li>`).join('')}</ul></section>`
        : '';
    const lists = list(h.regressions, ch.regressions, 'bad') + list(h.fixes, ch.fixes, 'ok') + list(h.other, ch.other, 'warnbox');
    parts.push(lists || `<p class="muted">[${ch.column + 1}] has the same status as [1] for every rule both cover.</p>`);
  }
  const differing = c.rows.filter((r) => r.differs).length;
  parts.push(`<div class="toolbar"><button type="button" data-only-diff aria-pressed="false">only the ${differing} rules that differ</button></div>`);
  const head = `<tr><th>rule</th><th>level</th>${c.columns.map((col, i) => `<th scope="col">[${i + 1}] ${esc(col.label)}</th>`).join('')}<th></th></tr>`;
  const body: string[] = [];
  let group = '';
  for (const row of c.rows) {
    if (row.group !== group) body.push(`<tr class="group-row"><th colspan="${c.columns.length + 3}">${esc((group = row.group))}</th></tr>`);
    const cells = row.cells
      .map((cell) => {
        if (!cell) return `<td class="cell"><span class="badge b-absent" title="not in this report">—</span></td>`;
        const failed = cell.specs.find((s) => s.status === 'fail');
        const why = failed?.message ? firstLine(failed.message) : (cell.reason ?? cell.partly);
        if (!why) return `<td class="cell" data-status="${esc(cell.status)}">${badge(cell.status, cell.level)}</td>`;
        return `<td class="cell" data-status="${esc(cell.status)}"><details><summary title="${esc(why)}">${badge(cell.status, cell.level, cell.partly)}</summary><div class="why">${esc(why)}${failed?.replay ? `<pre class="replay-cmd"><code>${esc(failed.replay)}</code></pre>` : ''}</div></details></td>`;
      })
      .join('');
    body.push(
      `<tr class="${row.differs ? 'differs' : 'same'}" data-rule="${esc(row.id)}"><td title="${esc(row.source)}"><code>${esc(row.id)}</code><span class="rtitle">${esc(row.title)}</span></td><td>${levelTag(row.level)}</td>${cells}<td class="mark">${row.differs ? '≠' : ''}</td></tr>`,
    );
  }
  parts.push(`<h2>Rules <span class="muted" style="font-weight:400;font-size:13px">${differing} of ${c.rows.length} differ (highlighted)</span></h2><table class="matrix"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`);
  return page(`Conformance compared: ${c.columns.map((col) => col.label).join(' · ')}`, parts.join('\n'));
}
