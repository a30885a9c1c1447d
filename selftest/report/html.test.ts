// The HTML pages as text (cli/report/html.ts): self-contained, escaped, and carrying what a person needs.
// What a person sees in a browser is checked in browser.test.ts.
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../cli/report/comparison.ts';
import { renderCompareHtml, renderHtmlReport, renderTimeline } from '../../cli/report/html.ts';
import { report, rule } from './make-report.ts';

const hostile = '<script>alert("x")</script> & \'quotes\'';

describe('the HTML report', () => {
  const failing = rule('user-id.charset', 'fail', {
    message: `accepts ${hostile}`,
    failure: { kind: 'rule-violation', call: 'login("a.b")', expected: 'a failure: invalid-parameter', actual: '0 (ok)' },
    counterexample: '{"id":"."}',
    trace: '  1 c1 android  login',
    traceEntries: [
      { seq: 1, who: 'c1 android', what: 'login("alice") → 0 (ok)' },
      { seq: 2, who: 'c2 android', what: 'login("alice") → 0 (ok)' },
      { seq: 3, who: 'c1 android', what: 'event kickedOffline' },
      { seq: 4, who: 'harness', what: 'settled' },
    ],
  });
  const html = renderHtmlReport(report([failing, rule('user-id.empty', 'pass'), rule('multi.policy-allows', 'not-applicable'), rule('model.sequences', 'not-tested')]));

  it('is one self-contained file: no external resource, a policy that forbids fetching any', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link\b/);
  });

  it('escapes everything that comes from an adapter', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });

  it('groups rules, each expandable to its sentence, failure, counterexample, timeline and replay', () => {
    expect(html).toMatch(/<section class="group" id="group-identity" data-has="fail pass">/);
    const charset = html.slice(html.indexOf('id="rule-user-id.charset"'), html.indexOf('id="rule-user-id.empty"'));
    expect(charset).toContain('data-status="fail"');
    expect(charset).toContain('It can contain up to 32 bytes of letters');
    expect(charset).toContain('<b>rule-violation</b>: the implementation broke the rule');
    expect(charset).toContain('<tr><th>expected</th><td><code>a failure: invalid-parameter</code></td></tr><tr><th>actual</th><td><code>0 (ok)</code></td></tr>');
    expect(charset).toContain('<pre class="counterexample">{&quot;id&quot;:&quot;.&quot;}</pre>');
    expect(charset).toContain('<pre class="replay-cmd"><code>npx im-conformance run --adapter reference --seed 1 --test &#39;user-id.charset: a spec&#39;</code></pre>');
    expect(charset).toContain('Timeline across 2 clients and the harness, in order');
    expect(html).toContain('<b>Not applicable:</b> the adapter does not declare &quot;login-policy&quot;');
    expect(html).toContain('<span class="who">Derived rule (not a sentence of the documentation)</span>');
  });

  it('lays the trace out as a timeline: a column per actor in order of appearance, a row per entry in order', () => {
    const t = renderTimeline([
      { seq: 2, who: 'c2 web', what: 'second' },
      { seq: 1, who: 'c1 web', what: 'first' },
    ]);
    expect(t).toContain('<th>#</th><th class="a0" scope="col">c2 web</th><th class="a1" scope="col">c1 web</th>');
    const rows = [...t.matchAll(/<tr><td class="seq">(\d+)<\/td>(.*?)<\/tr>/g)].map((m) => [m[1], m[2]!.indexOf('class="ev')]);
    expect(rows.map((r) => r[0])).toEqual(['1', '2']);
    expect(rows[0]![1]).toBeGreaterThan(rows[1]![1] as number); // c1 web's entry is in the second column
  });
});

describe('the compare page', () => {
  it('has a column per implementation, highlights the rows that differ, and a summary per implementation', () => {
    const a = report([rule('user-id.charset', 'pass'), rule('user-id.empty', 'pass')]);
    const b = report([rule('user-id.charset', 'fail'), rule('user-id.empty', 'pass')], { adapter: { name: 'mutant:x', version: '1', capabilities: [] } });
    const html = renderCompareHtml(compareReports([{ file: 'a.json', report: a }, { file: 'b.json', report: b }]));
    expect(html).toContain('<th scope="col">[1] reference 0.1.0</th><th scope="col">[2] mutant:x 1</th>');
    expect(html).toContain('<tr class="differs" data-rule="user-id.charset">');
    expect(html).toContain('<tr class="same" data-rule="user-id.empty">');
    expect(html).toContain('[2] mutant:x 1: MUST conformance 1/2 (50.0%) · 0 SHOULD warnings · 0 not applicable · 0 not tested · not conformant');
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });
});
