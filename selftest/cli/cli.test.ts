// The CLI as a user meets it: a subprocess. Refused requests exit 2 with one line naming the
// problem; a run writes conformance.json, summary.md, junit.xml and allure-results.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, type ConformanceReport } from '../../cli/report/report-schema.ts';
import { CATALOG } from '../../specs/catalog.ts';
import { RUN_PIPELINE_NODE_ARGS, runCli, runMain } from '../run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => `selftest/cli/fixtures/${name}`;
const out = mkdtempSync(join(tmpdir(), 'imc-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['bin/im-conformance.js', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The run pipeline (cli/engine/run.ts) over smoke spec files instead of specs/, in a subprocess. */
function smoke(dir: string, specs: string[], options: object = {}, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [...RUN_PIPELINE_NODE_ARGS, fixture('run-smoke.ts'), dir, ...specs.map(fixture)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, IMC_SMOKE_OPTIONS: JSON.stringify(options), ...env },
  });
  const report = (): ConformanceReport => parseReport(JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, report };
}

describe('refused requests exit 2 with one line', () => {
  const expectRefusal = (r: { code: number | null; stdout: string; stderr: string }, message: RegExp) => {
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^im-conformance: /);
    expect(r.stderr).toMatch(message);
  };
  // As a user meets them: a subprocess, through bin/ (a run's preload, the adapter loaded by tsx).
  it('a seed that is not an integer (subprocess)', () => expectRefusal(cli(['run', '--adapter', 'reference', '--seed', 'abc']), /--seed must be an integer, got "abc"/));
  it('an adapter module without a valid default export (subprocess)', () =>
    expectRefusal(cli(['run', '--adapter', fixture('wrong-export.ts')]), /wrong-export\.ts has no valid adapter: default export\.gatedApis/));

  // The rest through main() in-process: the same code, refused before anything runs, without a
  // process start each (2-3 s of CPU apiece).
  const refusedHere = async (args: string[], message: RegExp) => expectRefusal(await runMain(args), message);
  it('an unknown adapter', () => refusedHere(['run', '--adapter', 'nonexistent'], /unknown adapter "nonexistent"/));
  it('an unknown flag', () => refusedHere(['run', '--adapter', 'reference', '--frobnicate'], /--frobnicate/));
  it('a --rules pattern that selects no rule', () => refusedHere(['run', '--adapter', 'reference', '--rules', 'nomatch'], /--rules "nomatch" matches no rule/));
  it('an unknown command', () => refusedHere(['frob'], /unknown command "frob"/));
  it('run without --adapter', () => refusedHere(['run'], /--adapter/));
  it('a timeout that is not positive', () => refusedHere(['run', '--adapter', 'reference', '--timeout', '0'], /--timeout must be a positive integer/));
  it('--path without --test', () => refusedHere(['run', '--adapter', 'reference', '--path', '1:2'], /--path needs --test/));
  it('a --test title that names no rule', () => refusedHere(['run', '--adapter', 'reference', '--test', 'hello'], /does not start with a catalog rule ID/));
  it('a --shard that is not I/N', () => refusedHere(['run', '--adapter', 'reference', '--shard', '4/3'], /--shard must be I\/N with 1 <= I <= N \(e\.g\. 2\/3\), got "4\/3"/));
  it('--shard with --test', () => refusedHere(['run', '--adapter', 'reference', '--shard', '1/2', '--test', 'user-id.charset: x'], /--shard .* cannot be combined with --test/));
  it('a --repeat that is not positive', () => refusedHere(['run', '--adapter', 'reference', '--repeat', '0'], /--repeat must be a positive integer/));
  it('a baseline file that does not exist', () =>
    refusedHere(['run', '--adapter', 'reference', '--baseline', 'no-such-baseline.json'], /baseline no-such-baseline\.json: cannot read it \(no such file; write one with --write-baseline\)/));
  it('compare with one report', () => refusedHere(['compare', 'a.json'], /compare needs at least two reports/));
  it('compare of a file that is not a report', () => refusedHere(['compare', 'package.json', 'package.json'], /^im-conformance: package\.json: not a valid conformance report .*schemaVersion/));
  it('merge without reports', () => refusedHere(['merge'], /merge needs the conformance\.json of every shard/));
  it('replay without a rule', () => refusedHere(['replay', 'reports/conformance.json'], /replay needs a report and a rule ID/));
});

describe('help and rules', () => {
  it('prints the usage with no command and with --help, exit 0', async () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: im-conformance/);
    const none = await runMain([]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(r.stdout);
  });

  it('rules --json lists every catalog rule with its id', async () => {
    const r = await runMain(['rules', '--json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; level: string; capabilities: string[] }[];
    expect(rules.map((x) => x.id)).toEqual(CATALOG.map((x) => x.id));
  });

  it('rules prints ID, level, capabilities and the documentation sentence', async () => {
    const r = await runMain(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MUST   switch.last-wins');
    expect(r.stdout).toContain('[needs virtual-clock]');
    expect(r.stdout).toContain('source: You cannot log in to multiple IM SDK accounts');
  });
});

describe('a run', () => {
  it('reports every outcome, the replay commands and the errors outside tests, and exits 1', () => {
    const dir = join(out, 'mixed');
    const r = smoke(dir, ['outcomes.smoke.ts', 'broken-import.smoke.ts'], {}, { SMOKE_SECRET_KEY: 'hunter2-very-secret' });
    expect(r.code, r.stderr).toBe(1);
    const report = r.report();
    const rule = (id: string) => report.rules.find((x) => x.id === id)!;

    expect(report.rules.map((x) => x.id)).toEqual(CATALOG.map((x) => x.id));
    expect(report.adapter).toEqual({ name: 'fake', version: '0.0.1', capabilities: ['accounts'], statusNumbering: { 'logged-in': 1, 'logging-in': 2, 'logged-out': 3 } });
    // One spec passed, the other was not applicable: a pass, said to be partial.
    expect(rule('switch.last-wins')).toMatchObject({ status: 'pass', partly: '1 of 2 specs not applicable: the adapter does not declare "online-state"' });
    expect(rule('multi.policy-allows')).toMatchObject({ status: 'not-applicable', reason: 'the adapter does not declare "login-policy"' });
    // No smoke spec for it: the catalog's note if the rule is planned, else "no spec ran" (and a warning).
    expect(rule('model.sequences')).toMatchObject({ status: 'not-tested', reason: CATALOG.find((x) => x.id === 'model.sequences')!.untested ?? 'no spec ran for this rule' });
    expect(rule('repeat.same-user').status).toBe('fail');

    const charset = rule('user-id.charset').specs[0]!;
    expect(charset).toMatchObject({ status: 'fail', counterexample: '"a b"', message: 'an ID with a space was accepted' });
    expect(charset.replay).toBe(
      `npx im-conformance run --adapter selftest/cli/fixtures/fake-adapter.ts --seed 42 --test 'user-id.charset: a property that fails, it'\\''s shrunk' --path '3:1:0'`,
    );
    const empty = rule('user-id.empty').specs[0]!;
    expect(empty.trace).toContain('c1 android');
    expect(empty.replay).toContain('--seed 20261127 ');

    expect(report.totals).toMatchObject({ pass: 1, fail: 3, notApplicable: 1, mustFailures: 2, shouldWarnings: 1 });
    expect(report.errors.join('\n')).toContain('broken-import.smoke.ts: Error: this spec file fails at import');
    expect(report.errors.join('\n')).toContain('"selftest/cli/fixtures/outcomes.smoke.ts > a spec whose title names no rule" names no catalog rule');
    expect(report.conformant).toBe(false);

    // The console summary: groups, one line a rule, failures with their replay, the verdict last.
    expect(r.stdout).toMatch(/\nidentity\n/);
    expect(r.stdout).toMatch(/✗ FAIL +MUST +user-id\.empty/);
    expect(r.stdout).toContain("replay: npx im-conformance run --adapter selftest/cli/fixtures/fake-adapter.ts --seed 42 --test 'user-id.charset");
    expect(r.stdout).toContain('this spec file fails at import');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'not conformant: 1 rule passes (1 partly), 3 fail, 1 not applicable, 41 not tested (2 MUST failed, 1 SHOULD warning, 2 errors outside tests)',
    );

    // The other reports exist, and no report holds the secret.
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('id="rule-user-id.charset" data-status="fail"');
    expect(html).toContain('<pre class="counterexample">&quot;a b&quot;</pre>');
    expect(summary).toContain('## Failures');
    expect(summary).toContain("| ❌ fail | MUST | `user-id.empty` |");
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
    const allure = readdirSync(join(dir, 'allure-results'));
    expect(allure.some((f) => f.endsWith('-result.json'))).toBe(true);
    const everything = [r.stdout, summary, html, readFileSync(join(dir, 'conformance.json'), 'utf8'), readFileSync(join(dir, 'junit.xml'), 'utf8'), ...allure.map((f) => readFileSync(join(dir, 'allure-results', f), 'utf8'))];
    expect(everything.join('\n')).not.toContain('hunter2-very-secret');
    expect(empty.message).toContain('[redacted]');
  });

  it('passes the run config to the spec workers, keeps only the selected rules, and exits 0 when conformant', () => {
    const dir = join(out, 'selected');
    // The fake adapter cannot start, so nothing is calibrated: the guard is the default, and a call in flight adds a twentieth of --timeout.
    const expected = { adapter: 'selftest/cli/fixtures/fake-adapter.ts', seed: 7, timeoutMs: 1234, roundTripMs: 1234 / 20, specGuardMs: 600_000, runs: 3 };
    // IMC_* left in the environment (how a run started directly by vitest is configured) do not reach a CLI run's workers.
    const stale = { IMC_SEED: '999', IMC_RUNS: '77', IMC_ADAPTER: 'mutant:accepts-dot' };
    const r = smoke(dir, ['passing.smoke.ts'], { rules: 'switch.*', seed: 7, timeoutMs: 1234, runs: 3 }, { SMOKE_EXPECT: JSON.stringify(expected), ...stale });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = r.report();
    expect(report.rules.map((x) => [x.id, x.status])).toEqual([['switch.last-wins', 'pass'], ['switch.no-logout-needed', 'pass']]);
    expect(report).toMatchObject({ selection: 'switch.*', seed: 7, conformant: true, errors: [] });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('conformant: 2 rules pass, 0 fail, 0 not applicable, 0 not tested');
  });

  it('replays one spec by its title, and fails loudly when no spec has that title', () => {
    const dir = join(out, 'replay');
    const title = "user-id.charset: a property that fails, it's shrunk";
    const hit = smoke(dir, ['outcomes.smoke.ts'], { test: title, seed: 42, path: '3:1:0' });
    expect(hit.report().rules.map((x) => [x.id, x.status, x.specs.length])).toEqual([['user-id.charset', 'fail', 1]]);
    expect(hit.report().test).toBe(title);

    const miss = smoke(dir, ['passing.smoke.ts'], { test: 'switch.last-wins: no such spec' });
    expect(miss.code).toBe(1);
    expect(miss.report().errors).toEqual(['no spec titled "switch.last-wins: no such spec" ran: check the title (see the spec files in specs/)']);
  });

  it('is never a vacuous pass: no spec at all makes the run non-conformant', () => {
    const dir = join(out, 'empty');
    const r = smoke(dir, ['nothing-here-*.smoke.ts'], { rules: 'switch.*' });
    expect(r.code).toBe(1);
    expect(r.report().conformant).toBe(false);
    expect(r.report().errors.join()).toMatch(/no spec/);
  });
});

describe('the guard on a whole spec', () => {
  it('ends a spec that runs past it as not tested, with the guard as the reason; the other specs give their verdicts', () => {
    const dir = mkdtempSync(join(out, 'guard-'));
    const r = smoke(dir, ['guard.smoke.ts'], { adapter: 'reference', specGuardMs: 1500 });
    const report = r.report();
    const rule = (id: string) => report.rules.find((x) => x.id === id)!;
    expect(rule('user-id.empty').status, r.stdout + r.stderr).toBe('not-tested');
    expect(rule('user-id.empty').reason).toMatch(/^the spec ran for 1500 ms, the run's guard on a whole spec .*every adapter call met its deadline, so this says nothing about the rule$/);
    expect(rule('ticket.valid').status).toBe('pass');
    expect(report.timing?.specGuardMs).toBe(1500);
    expect(r.code).toBe(0);
  });
});


describe('--no-shrink', () => {
  it('reports a failing property as its first failing case, as it ran, with the path that replays it', async () => {
    const { code, report } = await runCli(['run', '--adapter', 'mutant:accepts-dot', '--rules', 'user-id.charset', '--no-shrink']);
    expect(code).toBe(1);
    const property = report.rules[0]!.specs.find((s) => s.title.endsWith('(property)'))!;
    expect(property.message).toMatch(/counterexample: .* \(seed 20261127, path (\d+), after \d+ runs; not shrunk: --no-shrink\)/);
    const path = /path (\d+),/.exec(property.message!)![1];
    expect(property.replay).toContain(`--path '${path}'`);
  });
});
