// The reports as a team adopting the suite in CI meets them, end to end through the CLI: a mutant's
// baseline, the comparison of the reference with two mutants in one page (checked in headless
// Chromium as a person sees it), every failure's replay command run exactly as printed, and a run
// split into shards and merged back. Three runs of two rules each feed every test.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureSignature } from '../../cli/commands/replay-command.ts';
import { parseReport, type ConformanceReport, type SpecReport } from '../../cli/report/report-schema.ts';
import { PROJECT_ROOT, runCli, runMain, type CliRun } from '../run-cli.ts';

const RULES = 'user-id.charset,multi.same-platform-default';
const out = mkdtempSync(join(tmpdir(), 'imc-reports-'));
const baselineFile = join(out, 'baseline.json');
const compareHtml = join(out, 'compare.html');
let dot: CliRun; // mutant:accepts-dot fails user-id.charset (an example and a property)
let kick: CliRun; // mutant:silent-kick fails multi.same-platform-default (two clients)
let ref: CliRun; // the reference passes both
let compared: Cli;

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command through the shell, as a person types it, in `cwd`. */
function sh(command: string, cwd = PROJECT_ROOT): Promise<Cli> {
  const child = spawn('sh', ['-c', command], { cwd, env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
/** A command that reads and writes reports (compare, merge, replay, a refused run) through main() in-process: the runs are the subprocesses. */
const cli = (args: string) => runMain(args.split(' '));
const readReport = (dir: string): ConformanceReport => parseReport(JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')));
const failures = (r: ConformanceReport) => r.rules.flatMap((rule) => rule.specs.filter((s) => s.status === 'fail').map((spec) => ({ rule: rule.id, spec })));

beforeAll(async () => {
  // One run at a time: CPU-bound runs side by side cost more CPU for no less time.
  dot = await runCli(['run', '--adapter', 'mutant:accepts-dot', '--rules', RULES, '--write-baseline', baselineFile], { keep: true });
  kick = await runCli(['run', '--adapter', 'mutant:silent-kick', '--rules', RULES], { keep: true });
  ref = await runCli(['run', '--adapter', 'reference', '--rules', RULES], { keep: true });
  compared = await cli(`compare ${ref.out}/conformance.json ${dot.out}/conformance.json ${kick.out}/conformance.json --html ${compareHtml}`);
}, 240_000);
afterAll(() => {
  for (const run of [dot, kick, ref]) if (run) rmSync(run.out, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('a baseline', () => {
  it('is written from a run of a mutant: its failing rule, with the failure as the reason; the run then exits 0', () => {
    expect(dot.code, dot.stdout).toBe(0);
    expect(dot.stdout).toContain(`baseline written: ${baselineFile} (1 rule expected not to pass`);
    const written = JSON.parse(readFileSync(baselineFile, 'utf8')) as { adapter: string; rules: Record<string, { status: string; reason: string }> };
    expect(written.adapter).toBe('mutant:accepts-dot');
    expect(Object.keys(written.rules)).toEqual(['user-id.charset']);
    expect(written.rules['user-id.charset']).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^fails: RuleViolation: accepts a ASCII punctuation/) });
  });

  // (That a baseline run of the mutant exits 0 is shown with the shards below, each gated on this baseline.)
  it('fails a run in which a further rule regresses (exit 1), saying which and how to update the baseline', async () => {
    // counts-characters fails user-id.charset as known, and user-id.bytes-not-chars besides
    const worse = await runCli(['run', '--adapter', 'mutant:counts-characters', '--rules', 'user-id.charset,user-id.bytes-not-chars', '--baseline', baselineFile]);
    expect(worse.code, worse.stdout).toBe(1);
    expect(worse.stdout).toMatch(/✗ regression +MUST +user-id\.bytes-not-chars: expected pass or not-applicable or not-tested, now fail/);
    expect(worse.stdout).toContain(
      `to accept this run as the new baseline: npx im-conformance run --adapter mutant:counts-characters --rules user-id.charset,user-id.bytes-not-chars --baseline ${baselineFile} --out `,
    );
    expect(worse.stdout).toContain(`--write-baseline ${baselineFile}`);
    expect(worse.stdout.trimEnd().split('\n').at(-1)).toBe(`baseline ${baselineFile}: FAILED: 1 regression, 0 unexpected passes, 1 as expected`);
    expect(worse.report.baseline).toMatchObject({ ok: false, findings: [{ id: 'user-id.charset', kind: 'expected' }, { id: 'user-id.bytes-not-chars', kind: 'regression' }] });
  }, 120_000);

  it('refuses a baseline naming a rule the catalog does not have: exit 2, one line, before running', async () => {
    const bad = join(out, 'bad-baseline.json');
    writeFileSync(bad, JSON.stringify({ rules: { 'user-id.nope': { status: 'fail', reason: 'x' } } }));
    const r = await cli(`run --adapter reference --baseline ${bad}`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`im-conformance: baseline ${bad}: "user-id.nope" is not a rule of the catalog (see "im-conformance rules")\n`);
  });
});

describe('compare', () => {
  it('puts the reference and two mutants side by side, differences marked, a summary line each', () => {
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toMatch(/user-id\.charset +MUST +pass +FAIL +pass +≠/);
    expect(compared.stdout).toMatch(/multi\.same-platform-default +MUST +pass +pass +FAIL +≠/);
    expect(compared.stdout).toContain('[1] reference 0.1.0: MUST conformance 2/2 (100.0%) · 0 SHOULD warnings · 0 not applicable');
    expect(compared.stdout).toContain('[2] mutant:accepts-dot 0.1.0: MUST conformance 1/2 (50.0%)');
    expect(compared.stdout).toContain(`comparison page: ${compareHtml}`);
  });

  it('diffs two runs of one implementation, regressions first', async () => {
    const r = await cli(`compare ${ref.out}/conformance.json ${ref.out}/conformance.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('im-conformance compare: 2 reports of reference');
    expect(r.stdout).toContain('[2] has the same status as [1] for every rule both cover');
  });
});

const CHROMIUM = process.env.IMC_CHROMIUM ?? '/usr/bin/chromium';
// The flags that work in a container as root, and keep Chromium off the network.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the HTML report in headless Chromium', () => {
  it('shows the rule matrix; a failed rule opens to its sentence, failure, counterexample, cross-client timeline and replay', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`the browser test needs Chromium under CI, and ${CHROMIUM} does not exist (apt-get install chromium; .ci/run installs it)`);
      ctx.skip(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set IMC_CHROMIUM) to run this test; under CI it fails instead`);
    }
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'imc-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));

      // One run: the mutant that accepts dots.
      const url = pathToFileURL(join(dot.out, 'index.html')).href;
      await page.goto(url);
      expect(await page.locator('h1').innerText()).toMatch(/mutant:accepts-dot 0\.1\.0\s*not conformant/);
      expect(await page.locator('section.group h2').allInnerTexts()).toEqual(['identity1 fail', 'multi1 pass']);
      const rule = page.locator('[id="rule-user-id.charset"]');
      expect(await rule.locator('summary').innerText()).toMatch(/FAIL\s+MUST\s+user-id\.charset\s+User IDs over letters/);
      const failure = failures(dot.report).find((f) => f.spec.counterexample !== undefined)!.spec;
      expect(await rule.locator('pre.counterexample').isVisible()).toBe(false); // closed until clicked
      await rule.locator('summary').click();
      const seen = await rule.innerText();
      expect(seen).toContain('It can contain up to 32 bytes of letters (a–z and A-Z), digits (0–9), underscores (_), and hyphens (-).');
      expect(seen).toContain(failure.message!.split('\n')[0]);
      expect(seen).toContain(`COUNTEREXAMPLE (SHRUNK)\n${failure.counterexample}`);
      expect(await rule.locator('pre.replay-cmd').allInnerTexts()).toEqual(failures(dot.report).map((f) => f.spec.replay));
      expect(await rule.locator('table.timeline').first().isVisible()).toBe(true);
      // the filter hides what passes
      await page.click('button[data-filter="fail"]');
      expect(await page.locator('[id="rule-multi.same-platform-default"]').isVisible()).toBe(false);
      expect(requests).toEqual([url]); // nothing but the file itself: no network, no server

      // A multi-client failure: the timeline has a column per client, entries in order, each in its client's column.
      await page.goto(pathToFileURL(join(kick.out, 'index.html')).href);
      const multi = page.locator('[id="rule-multi.same-platform-default"]');
      await multi.locator('summary').click();
      const timeline = multi.locator('table.timeline');
      const actors = (await timeline.locator('thead th').allInnerTexts()).slice(1);
      expect(actors).toEqual(expect.arrayContaining(['c1 android', 'c2 android']));
      const rows = await timeline.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const cells = [...tr.querySelectorAll('td')];
          const ev = cells.findIndex((td) => td.classList.contains('ev'));
          return { seq: Number(cells[0]!.textContent), column: ev - 1, what: cells[ev]!.textContent };
        }),
      );
      const entries = failures(kick.report)[0]!.spec.traceEntries!;
      expect(rows.map((r) => r.seq)).toEqual(entries.map((e) => e.seq));
      expect(rows.map((r) => [actors[r.column], r.what])).toEqual(entries.map((e) => [e.who, e.what]));
      expect(await multi.innerText()).toContain('c1 android saw 0 kickedOffline event(s) after a second android login; expected 1');

      // The comparison: three implementations, one page, the differing rows highlighted.
      await page.goto(pathToFileURL(compareHtml).href);
      expect(await page.locator('table.matrix thead th').allInnerTexts()).toEqual(['rule', 'level', '[1] reference 0.1.0', '[2] mutant:accepts-dot 0.1.0', '[3] mutant:silent-kick 0.1.0', '']);
      expect(await page.locator('table.matrix tr.differs').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.rule))).toEqual(['user-id.charset', 'multi.same-platform-default']);
      const highlighted = await page.locator('tr.differs td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
      expect(highlighted).not.toBe('rgba(0, 0, 0, 0)');
      expect(await page.locator('table.sum tbody tr').allInnerTexts()).toEqual([
        expect.stringMatching(/\[1\] reference 0\.1\.0[\s\S]*2\/2 \(100\.0%\)[\s\S]*conformant/),
        expect.stringMatching(/\[2\] mutant:accepts-dot 0\.1\.0[\s\S]*1\/2 \(50\.0%\)[\s\S]*not conformant/),
        expect.stringMatching(/\[3\] mutant:silent-kick 0\.1\.0[\s\S]*1\/2 \(50\.0%\)[\s\S]*not conformant/),
      ]);
      expect(requests.every((r) => r.startsWith('file://'))).toBe(true);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});

/** A directory where `npx im-conformance` resolves to this checkout, as in a project that installed the suite. */
function userProject(): string {
  const dir = mkdtempSync(join(out, 'project-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "a-user-project", "private": true }\n');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'bin', 'im-conformance.js'), join(dir, 'node_modules', '.bin', 'im-conformance'));
  return dir;
}

describe('replay', () => {
  it('every failure’s replay command, run exactly as printed, fails the same rule with the same message', async () => {
    // (silent-kick's failure is replayed by the `replay` command below)
    const all = failures(dot.report);
    // a property failure (shrunk counterexample, --path) and example-based ones
    expect(all.some((f) => f.spec.replay!.includes(' --path ') && f.spec.counterexample !== undefined)).toBe(true);
    expect(all.some((f) => !f.spec.replay!.includes(' --path '))).toBe(true);
    for (const { rule, spec } of all) {
      const project = userProject();
      const r = await sh(spec.replay!, project);
      expect(r.code, `${spec.replay}\n${r.stdout}${r.stderr}`).toBe(1);
      const again = readReport(join(project, 'reports'));
      const replayed: SpecReport | undefined = again.rules.find((x) => x.id === rule)?.specs.find((s) => s.title === spec.title);
      expect(replayed?.status, spec.title).toBe('fail');
      // Client numbers aside (a property's case is rerun after the cases before it), the first line is the same.
      expect(failureSignature(replayed!.message), spec.title).toBe(failureSignature(spec.message));
      if (spec.counterexample === undefined) expect(replayed!.message!.split('\n')[0]).toBe(spec.message!.split('\n')[0]);
      else expect(replayed!.counterexample).toBe(spec.counterexample);
    }
  }, 180_000);

  it('`im-conformance replay REPORT RULE` reruns the rule’s failures from the report and says they reproduced', async () => {
    const dir = join(out, 'replayed');
    const r = await cli(`replay ${kick.out}/conformance.json multi.same-platform-default --out ${dir}`);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`$ ${failures(kick.report)[0]!.spec.replay}`);
    expect(r.stdout).toMatch(/✗ reproduced +multi\.same-platform-default: on every platform/);
    expect(readReport(dir).test).toBe(failures(kick.report)[0]!.spec.title);
    const none = await cli(`replay ${ref.out}/conformance.json user-id.charset`);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`im-conformance: rule user-id.charset did not fail in ${ref.out}/conformance.json (status pass): nothing to replay\n`);
  }, 120_000);
});

describe('shards', () => {
  it('split a run across machines, each gated on the baseline; merge joins them into the report of the whole run', async () => {
    const shard = (i: number) => runCli(['run', '--adapter', 'mutant:accepts-dot', '--rules', RULES, '--shard', `${i}/2`, '--baseline', baselineFile], { keep: true });
    const one = await shard(1);
    const two = await shard(2);
    try {
      expect([one!.report.shard, two!.report.shard]).toEqual([{ index: 1, total: 2 }, { index: 2, total: 2 }]);
      // A baseline run of the mutant exits 0: user-id.charset fails, as the baseline expects (shard 1); nothing else fails (shard 2).
      expect(one!.report.rules.map((r) => [r.id, r.status])).toEqual([['user-id.charset', 'fail']]);
      expect([one!.code, two!.code], one!.stdout + two!.stdout).toEqual([0, 0]);
      expect(one!.stdout.trimEnd().split('\n').at(-1)).toBe(`baseline ${baselineFile}: OK: 0 regressions, 0 unexpected passes, 1 as expected`);

      const merged = join(out, 'merged');
      const r = await cli(`merge ${two!.out}/conformance.json ${one!.out}/conformance.json --out ${merged} --baseline ${baselineFile}`);
      expect(r.code, r.stdout + r.stderr).toBe(0); // gated on the baseline, like each shard
      const whole = dot.report;
      const m = readReport(merged);
      const shape = (x: ConformanceReport) => x.rules.map((rule) => [rule.id, rule.status, rule.specs.map((s) => [s.title, s.status, s.message?.split('\n')[0], s.replay])]);
      expect(shape(m)).toEqual(shape(whole));
      expect(m).toMatchObject({ seed: whole.seed, adapter: whole.adapter, totals: whole.totals, conformant: false, mergedFrom: ['shard 1/2', 'shard 2/2'], baseline: { ok: true } });
      expect(existsSync(join(merged, 'index.html'))).toBe(true);
      expect(readFileSync(join(merged, 'summary.md'), 'utf8')).toContain('## Baseline: ✅ no regression');

      const mixed = await cli(`merge ${one!.out}/conformance.json ${kick.out}/conformance.json`);
      expect(mixed.code).toBe(2);
      expect(mixed.stderr).toMatch(/^im-conformance: cannot merge reports of different adapters: .* is mutant:accepts-dot 0\.1\.0, .* is mutant:silent-kick 0\.1\.0\n$/);
    } finally {
      for (const run of [one, two]) if (run) rmSync(run.out, { recursive: true, force: true });
    }
  }, 120_000);

  it('--list is a dry run of the selection', async () => {
    const r = await cli('run --adapter reference --rules user-id.charset --list');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^im-conformance run --list \(dry run, nothing is run\) · adapter reference · 1 rule/);
    expect(r.stdout).toContain('            user-id.charset: IDs with one foreign character spliced into a valid ID are rejected (property)');
    expect(r.stdout).toMatch(/\n\d+ specs? of 1 rule would run\n$/);
  }, 60_000);
});
