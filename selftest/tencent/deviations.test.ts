// The official web SDK's known deviations are reported, not hidden: the whole suite through the
// tencent adapter over the web SDK's typed double (adapters/tencent/offline.ts), gated on the
// shipped baseline. Each deviation must be a failing rule whose message names what the SDK did;
// every other rule must pass, or be not applicable for a capability the SDK lacks.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import offline from '../../adapters/tencent/offline.ts';
import { loadBaseline, type Baseline } from '../../cli/report/baseline.ts';
import { ruleById } from '../../specs/catalog.ts';
import { runCli, type CliRun } from '../run-cli.ts';

const BASELINE = 'baselines/tencent-web-sdk.json';

/** What the SDK did, as the failure message of each deviating rule must name it. */
const EVIDENCE: Record<string, RegExp> = {
  'user-id.charset': /accepts a space \(" "\) in " ab": .*login\(" ab"\) succeeded/,
  'gating.conversation-list-early': /getConversationList\(\) right after login was called answered 3000 \(login-in-progress\)/,
  'signup.only-on-success': /login\("x\.y"\) succeeded/,
  'status.values': /getLoginStatus\(\) right after login was called is "logged-out"; expected "logging-in"/,
  'switch.last-wins': /getLoginUser\(\) after switching to bob is "alice"; expected "bob"/,
  'switch.no-logout-needed': /getLoginUser\(\) after switching to bob is "alice"; expected "bob"/,
  // The shrunk sequence ends on one of the deviations above, whichever the model meets first.
  'model.sequences': /getLoginUser "\w+"; the model says "\w+"|status right after login was called is "logged-out"|getConversationList\(\) during the login/,
};

/** The capabilities the web SDK cannot offer: their rules are not applicable, never failing. */
const LACKING = ['network-faults', 'login-policy', 'metrics'];

let run: CliRun;
let summary: string;
let html: string;
let baseline: Baseline;

beforeAll(async () => {
  baseline = await loadBaseline(BASELINE);
  run = await runCli(['run', '--adapter', 'adapters/tencent/offline.ts', '--baseline', BASELINE], { keep: true, deadlineMs: 240_000 });
  summary = readFileSync(join(run.out, 'summary.md'), 'utf8');
  html = readFileSync(join(run.out, 'index.html'), 'utf8');
}, 300_000);
afterAll(() => run && rmSync(run.out, { recursive: true, force: true }));

const rule = (id: string) => run.report.rules.find((r) => r.id === id)!;
const expectedFailures = () => Object.entries(baseline.rules).filter(([, e]) => e.status === 'fail').map(([id]) => id);

describe('the official web SDK against the rules, offline', () => {
  it('gates green on the shipped baseline: exit 0, no regression and no unexpected pass', () => {
    expect(run.report.baseline, run.stdout).toMatchObject({ ok: true });
    expect(run.report.baseline!.findings.filter((f) => f.kind !== 'expected')).toEqual([]);
    expect(run.report.errors).toEqual([]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it('reports every deviation of the baseline as a failing rule whose message names what the SDK did', () => {
    expect(expectedFailures().sort()).toEqual(Object.keys(EVIDENCE).sort());
    for (const id of expectedFailures()) {
      const messages = rule(id).specs.filter((s) => s.status === 'fail').map((s) => s.message ?? '');
      expect(rule(id).status, id).toBe('fail');
      expect(messages.some((m) => EVIDENCE[id]!.test(m)), `${id}: ${messages.join(' | ')}`).toBe(true);
    }
  });

  it('shows in the trace that the login of bob was answered as a repeat, and the replay command reruns it', () => {
    const failed = rule('switch.no-logout-needed').specs.find((s) => s.status === 'fail')!;
    expect(failed.trace).toMatch(/login\("bob", "<sig>"\) → 0 \(ok\) \{"repeatLogin":true\}\n.*\n.*getLoginStatus\(\) → 0 \(ok\) "logged-in"\n.*getLoginUser\(\) → 0 \(ok\) "alice"/);
    expect(failed.replay).toContain('--adapter adapters/tencent/offline.ts');
  });

  it('passes every other rule, or leaves it not applicable for a capability the web SDK lacks', () => {
    const others = run.report.rules.filter((r) => !expectedFailures().includes(r.id));
    expect(others.filter((r) => r.status !== 'pass' && r.status !== 'not-applicable').map((r) => r.id)).toEqual([]);
    for (const r of others.filter((r) => r.status === 'not-applicable')) {
      expect(ruleById(r.id).capabilities.some((c) => LACKING.includes(c)), `${r.id}: ${r.reason}`).toBe(true);
      expect(baseline.rules[r.id]?.status, `${r.id} is not applicable but the baseline does not say why`).toBe('not-applicable');
    }
    expect(others.filter((r) => r.status === 'pass').length).toBeGreaterThan(25);
  });

  it('reports the codes level apart from the rules: the web SDK answers with codes of its own', () => {
    expect(run.report.adapter.nativeCodes).toEqual(
      expect.arrayContaining([
        { code: 2024, meaning: 'not-logged-in', tencentCodes: [6014] },
        { code: 2025, meaning: 'login-in-progress', tencentCodes: [7501] },
        { code: 3000, meaning: 'login-in-progress', tencentCodes: [7501] },
        { code: 3005, meaning: 'not-logged-in', tencentCodes: [6014] },
      ]),
    );
    const line = "codes: not Tencent's: 16 native codes for meanings Tencent gives other codes: 2000 invalid-parameters (Tencent 6017)";
    for (const text of [run.stdout, summary]) expect(text).toContain(line);
    expect(html).toContain(line.replace("'", '&#39;'));
  });
});

describe('the shipped baseline', () => {
  it('holds for the real adapter too: it declares what the offline one does but the virtual clock, and no entry depends on that clock', async () => {
    const saved = { id: process.env.TENCENT_SDKAPPID, key: process.env.TENCENT_SECRETKEY };
    Object.assign(process.env, { TENCENT_SDKAPPID: '1400000001', TENCENT_SECRETKEY: 'not-a-key' }); // loading it connects to nothing
    try {
      const { default: real } = await import('../../adapters/tencent/index.ts');
      expect([...real.capabilities, 'virtual-clock'].sort()).toEqual([...offline.capabilities].sort());
      expect([real.gatedApis, real.codes]).toEqual([offline.gatedApis, offline.codes]);
    } finally {
      for (const [name, value] of [['TENCENT_SDKAPPID', saved.id], ['TENCENT_SECRETKEY', saved.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    // A failure the real adapter could not reproduce without the clock would be a stale entry there.
    const failing = Object.entries(baseline.rules).filter(([, entry]) => entry.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    for (const [id] of failing) expect(ruleById(id).capabilities, id).not.toContain('virtual-clock');
  });
});
