// Which suite judged (specs/suite.ts): every report, baseline and driver handshake names the suite's
// version and its rule catalog's fingerprint, and reports judged by different rules are never mixed
// silently: merge and --baseline refuse them, compare says what differs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baselineFromReport, parseBaseline } from '../../cli/report/baseline.ts';
import { compareReports, renderCompareText } from '../../cli/report/comparison.ts';
import { renderHtmlReport } from '../../cli/report/html.ts';
import { mergeReports } from '../../cli/commands/merge.ts';
import { renderConsoleSummary, renderMarkdownSummary } from '../../cli/report/summary.ts';
import { CATALOG } from '../../specs/catalog.ts';
import { SUITE, catalogFingerprint } from '../../specs/suite.ts';
import { report, rule } from './make-report.ts';

const OTHER = { ...SUITE, version: '0.2.0', catalog: 'ffffffffffffffff' };

describe('the catalog fingerprint', () => {
  it('changes with a rule added or removed, a level or a source sentence; not with a title', () => {
    const base = catalogFingerprint();
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    const edit = (i: number, change: object) => CATALOG.map((r, k) => (k === i ? { ...r, ...change } : r));
    expect(catalogFingerprint(edit(0, { title: 'another title' }))).toBe(base);
    expect(catalogFingerprint([...CATALOG].reverse())).toBe(base);
    expect(catalogFingerprint(edit(0, { level: 'SHOULD' }))).not.toBe(base);
    expect(catalogFingerprint(edit(0, { source: 'another sentence' }))).not.toBe(base);
    expect(catalogFingerprint(CATALOG.slice(1))).not.toBe(base);
  });

  it("the suite's version is the package's", () => {
    expect(SUITE.version).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});

describe('reports name the suite that judged them', () => {
  const r = report([rule('user-id.empty', 'pass')]);
  it('in the console, summary.md and index.html', () => {
    const line = `judged by im-conformance ${SUITE.version}, catalog ${SUITE.catalog}`;
    expect(renderConsoleSummary(r)).toContain(line);
    expect(renderMarkdownSummary(r)).toContain(line);
    expect(renderHtmlReport(r)).toContain(line);
  });
});

describe('reports of different catalogs are not mixed silently', () => {
  const part = (index: number, suite = SUITE) => ({
    file: `shard-${index}/conformance.json`,
    report: report([rule(index === 1 ? 'user-id.empty' : 'user-id.charset', 'pass')], { suite, shard: { index, total: 2 } }),
  });

  it('merge refuses them: one line naming both suites', () => {
    expect(() => mergeReports([part(1), part(2, OTHER)])).toThrow(
      `cannot merge reports of different rule catalogs: shard-1/conformance.json was judged by im-conformance ${SUITE.version}, catalog ${SUITE.catalog}, shard-2/conformance.json by im-conformance 0.2.0, catalog ffffffffffffffff`,
    );
    expect(mergeReports([part(1), part(2)]).suite).toEqual(SUITE);
  });

  it('compare says so, and which rules differ in level, source or presence', () => {
    const a = report([rule('user-id.empty', 'pass'), rule('user-id.charset', 'pass'), rule('switch.last-wins', 'pass')]);
    const changed = { ...rule('user-id.charset', 'pass'), level: 'SHOULD' as const };
    const b = report([rule('user-id.empty', 'pass'), changed, rule('dau.after-login-only', 'pass')], { suite: OTHER });
    const text = renderCompareText(compareReports([{ file: 'a.json', report: a }, { file: 'b.json', report: b }]));
    expect(text).toContain(
      `catalogs differ: [2] was judged by im-conformance 0.2.0, catalog ffffffffffffffff, [1] by im-conformance ${SUITE.version}, catalog ${SUITE.catalog}: ` +
        'user-id.charset: level MUST → SHOULD; switch.last-wins: only in [1]; dau.after-login-only: only in [2]',
    );
    expect(renderCompareText(compareReports([{ file: 'a.json', report: a }, { file: 'c.json', report: a }]))).not.toContain('catalogs differ');
  });

  it('a baseline records its catalog; one written against another catalog is refused, exit 2 with one line', () => {
    const written = baselineFromReport(report([rule('user-id.charset', 'fail')]));
    expect(written.catalog).toBe(SUITE.catalog);
    expect(parseBaseline(JSON.parse(JSON.stringify(written)), 'b.json', CATALOG, SUITE.catalog).catalog).toBe(SUITE.catalog);
    expect(() => parseBaseline({ ...written, catalog: OTHER.catalog }, 'b.json', CATALOG, SUITE.catalog)).toThrow(
      `baseline b.json was written against rule catalog ffffffffffffffff; this suite (im-conformance ${SUITE.version}, catalog ${SUITE.catalog}) judges by other rules: review its expectations and write it again with --write-baseline b.json`,
    );
    // A baseline without a catalog (hand-written) is taken as it is; so is one about to be rewritten.
    expect(() => parseBaseline({ rules: {} }, 'b.json', CATALOG, SUITE.catalog)).not.toThrow();
    expect(() => parseBaseline({ ...written, catalog: OTHER.catalog }, 'b.json', CATALOG)).not.toThrow();
  });
});
