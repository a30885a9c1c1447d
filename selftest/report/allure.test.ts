// Allure: every rule of a run is in allure-results (not-applicable and not-tested ones as skipped,
// with the reason), labelled, with the counterexample, trace and replay attached; and the `allure`
// npm CLI (what `npm run report:allure` runs) builds a report that lists them. One smoke run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, RUN_PIPELINE_NODE_ARGS } from '../run-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'imc-allure-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Result {
  name: string;
  status: string;
  statusDetails?: { message?: string };
  labels: { name: string; value: string }[];
  description?: string;
  attachments: { name: string; source: string; type: string }[];
}

describe('allure-results', () => {
  const results = out + '/run';
  let run: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    run = spawnSync(process.execPath, [...RUN_PIPELINE_NODE_ARGS, 'selftest/cli/fixtures/run-smoke.ts', results, 'selftest/cli/fixtures/outcomes.smoke.ts'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, IMC_SMOKE_OPTIONS: '{}' },
    });
  });
  const dir = join(results, 'allure-results');
  const read = (): Result[] =>
    readdirSync(dir)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Result);
  const label = (r: Result, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);

  it('keeps not-applicable specs, skipped with their reason', () => {
    expect(run.status, String(run.stderr)).toBe(1);
    const na = read().find((r) => r.name === 'multi.policy-allows: a MAY spec that is not applicable')!;
    expect(na).toMatchObject({ status: 'skipped', statusDetails: { message: 'not applicable: the adapter does not declare "login-policy"' } });
    expect(label(na, 'severity')).toEqual(['minor']);
  });

  it('adds every rule without a spec, skipped as not tested, with the rule labels and the documentation sentence', () => {
    const all = read();
    const rules = new Set(all.flatMap((r) => label(r, 'rule')));
    const report = JSON.parse(readFileSync(join(results, 'conformance.json'), 'utf8')) as { rules: { id: string; status: string; source: string }[] };
    expect([...rules].sort()).toEqual(report.rules.map((r) => r.id).sort());
    const untested = report.rules.find((r) => r.status === 'not-tested')!;
    const result = all.find((r) => label(r, 'rule')[0] === untested.id)!;
    expect(result.status).toBe('skipped');
    expect(result.statusDetails?.message).toMatch(/^not tested: /);
    expect(result.description).toBe(untested.source);
    expect(label(result, 'epic')).toHaveLength(1);
    expect(label(result, 'feature')).toEqual([untested.id]);
  });

  it('marks a rule violation failed, with the counterexample, the trace and the replay command attached', () => {
    const all = read();
    const charset = all.find((r) => r.name.startsWith('user-id.charset:'))!;
    expect(charset.status).toBe('failed');
    expect(charset.attachments.map((a) => a.name)).toEqual(['counterexample (shrunk)', 'replay command']);
    expect(readFileSync(join(dir, charset.attachments[0]!.source), 'utf8')).toBe('"a b"');
    const empty = all.find((r) => r.name.startsWith('user-id.empty:'))!;
    const trace = empty.attachments.find((a) => a.name === 'trace across clients')!;
    expect(readFileSync(join(dir, trace.source), 'utf8')).toContain('c1 android');
    expect(label(empty, 'severity')).toEqual(['critical']);
  });

  it('builds with the allure CLI (npm run report:allure), listing the not-applicable and not-tested rules', () => {
    const html = join(out, 'allure-report');
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/allure/cli.js'), 'generate', dir, '-o', html], { cwd: out, encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const index = JSON.parse(readFileSync(join(html, 'test-results.json'), 'utf8')) as { byId: Record<string, { name: string; status: string }> };
    const tests = Object.values(index.byId);
    expect(tests.find((t) => t.name === 'multi.policy-allows: a MAY spec that is not applicable')?.status).toBe('skipped');
    expect(tests.filter((t) => t.status === 'skipped').length).toBeGreaterThan(2);
    expect(tests.find((t) => t.name.startsWith('user-id.charset:'))?.status).toBe('failed');
  }, 60_000);
});
