// What `run` adds around a run (cli/engine/session.ts), over smoke spec files: --repeat finds a rule whose
// outcome depends on the seed and reports it flaky with both seeds, a baseline written from it accepts
// either outcome, and a run in which no spec ran exits 2 instead of passing vacuously.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../cli/report/report-schema.ts';
import { PROJECT_ROOT, RUN_PIPELINE_NODE_ARGS } from '../run-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'imc-session-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function session(dir: string, specs: string[], options: object, request: object) {
  const r = spawnSync(process.execPath, [...RUN_PIPELINE_NODE_ARGS, 'selftest/cli/fixtures/session-smoke.ts', dir, ...specs.map((s) => `selftest/cli/fixtures/${s}`)], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, IMC_SMOKE_OPTIONS: JSON.stringify(options), IMC_SMOKE_SESSION: JSON.stringify(request) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--repeat', () => {
  it('reruns with the next seeds and reports a rule whose outcome changed as flaky, with both seeds', () => {
    const dir = join(out, 'repeat');
    const baseline = join(out, 'flaky-baseline.json');
    const r = session(dir, ['flaky.smoke.ts'], { rules: 'switch.*', seed: 2 }, { repeat: 2, writeBaseline: baseline });
    expect(r.stdout).toContain('run 1/2 · seed 2: conformant');
    expect(r.stdout).toContain('run 2/2 · seed 3: not conformant');
    expect(r.stdout).toMatch(/FLAKY \(the outcome changed between runs with different seeds\):\n +~ MUST +switch\.last-wins: pass with seed 2, fail with seed 3 \(odd seed 3\)/);
    const report = parseReport(JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')));
    expect(report).toMatchObject({ seeds: [2, 3], flaky: [{ id: 'switch.last-wins', outcomes: [{ seed: 2, status: 'pass' }, { seed: 3, status: 'fail' }] }] });
    // the failure shown is the failing run's, with its seed in the replay command
    expect(report.rules[0]!.specs[0]!.replay).toContain('--seed 3 ');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| `switch.last-wins` | pass with seed 2, fail with seed 3 (odd seed 3) |');
    // writing a baseline accepts the new state: exit 0, the flaky rule expected either way
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(baseline, 'utf8')).rules).toEqual({ 'switch.last-wins': { status: ['pass', 'fail'], reason: 'flaky: pass with seed 2, fail with seed 3' } });

    const gated = session(join(out, 'gated'), ['flaky.smoke.ts'], { rules: 'switch.*', seed: 3 }, { baseline });
    expect(gated.code, gated.stdout).toBe(0);
    expect(gated.stdout).toContain(`baseline ${baseline}: OK: 0 regressions, 0 unexpected passes, 1 as expected`);
  }, 60_000);
});

describe('the zero-spec guard', () => {
  it('a run in which no spec ran exits 2 with one line, never as a vacuous pass', () => {
    const r = session(join(out, 'zero'), ['passing.smoke.ts'], { rules: 'ticket.valid' }, {});
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('im-conformance: zero specs ran, nothing was checked: no spec ran at all: vitest found no spec for the selected rules (are there spec files in specs/?)\n');
  }, 60_000);
});
