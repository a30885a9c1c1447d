// A driver that dies, or stops answering, in the middle of a run: the run ends within seconds,
// exits 1, and every remaining spec fails for one clear reason, instead of a timeout each.
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../cli/report/report-schema.ts';
import { runCli, SAMPLE_DRIVER } from '../run-cli.ts';
import { fakeDriver } from './fake-driver.ts';

const dir = mkdtempSync(join(tmpdir(), 'imc-remote-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const specs = (report: ConformanceReport) => report.rules.flatMap((r) => r.specs);

describe('a driver that dies mid-run', () => {
  // Dialed out, each worker's own connection closes; dialed in, the driver's one connection
  // closes and the suite's relay closes every worker's link, saying so.
  const cases = [
    { how: 'dialed out', args: ['--driver-cmd', SAMPLE_DRIVER], gone: /^driver at ws:\/\/127\.0\.0\.1:\d+ is gone: (connection closed \(code 1006\)|cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:\d+\))$/ },
    {
      how: 'dialed in',
      args: ['--driver-listen', '0', '--driver-cmd', `${SAMPLE_DRIVER} --dial "$IMC_DRIVER_URL"`],
      gone: /^driver at ws:\/\/127\.0\.0\.1:\d+ is gone: (connection closed \(code 1011: the driver that dialed in left \(close code 1006\)\)|cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:\d+\))$/,
    },
  ];
  it.each(cases)('$how: ends the run within seconds, exit 1, every remaining spec failed for that one reason', async ({ how, args, gone }) => {
    const marker = join(dir, `killed-at-${how}`);
    // The sample driver kills itself (SIGKILL, no goodbye) on its 300th request: a few specs in.
    const { code, report, stderr } = await runCli(['run', '--adapter', 'remote', ...args], {
      env: { IMC_SAMPLE_DRIVER_EXIT_AFTER: '300', IMC_SAMPLE_DRIVER_EXIT_MARKER: marker },
    });
    const endedMsAfterKill = Date.now() - Number(readFileSync(marker, 'utf8'));
    expect(code).toBe(1);
    expect(endedMsAfterKill).toBeLessThan(5000);
    expect(stderr).toMatch(/the driver process ended during the run/);

    const failed = specs(report).filter((s) => s.status === 'fail');
    const reasons = new Set(failed.map((s) => /driver at ws:\/\/\S+ is gone: [^\n]*/.exec(s.message ?? '')?.[0] ?? `another failure: ${s.message}`));
    // One reason per worker: the connection it had closed, or (a worker that had not connected yet) none could be made.
    expect(reasons.size).toBeLessThanOrEqual(Math.max(2, availableParallelism() - 1));
    for (const reason of reasons) expect(reason).toMatch(gone);
    expect(failed.length).toBeGreaterThan(specs(report).length / 2);
    expect(specs(report).filter((s) => s.status !== 'fail').every((s) => s.status === 'pass')).toBe(true);
  }, 180_000);
});

describe('a driver that stops answering', () => {
  it('costs one deadline and one ping per worker; every later spec fails at once for one reason', async () => {
    // Answers the handshake of every connection, and then nothing, ping included (the calibration
    // meets it first and gives up after one deadline; its deadlines are then the defaults).
    const driver = await fakeDriver(() => {});
    try {
      const started = Date.now();
      // --timeout-multiplier scales the per-call deadline: 250 ms x 2.
      const { code, report } = await runCli(['run', '--adapter', 'remote', '--driver', driver.url, '--timeout', '250', '--timeout-multiplier', '2', '--rules', 'user-id.*,gating.*']);
      const wall = Date.now() - started;
      expect(code).toBe(1);
      // (The fake driver declares few capabilities: specs needing others are not applicable.)
      const all = specs(report).filter((s) => s.status !== 'not-applicable');
      expect(all.every((s) => s.status === 'fail')).toBe(true);
      const gone = `driver at ${driver.url} is gone: it stopped answering (no answer to ping within 250 ms, after a request had none within 500 ms)`;
      const missed = all.filter((s) => !s.message?.includes(gone));
      for (const s of missed) expect(s.message).toMatch(/did not answer .* within 500 ms/);
      // Each worker runs many specs at once: those in flight when the driver went silent all miss
      // that one deadline together; any spec after them fails at once as gone.
      expect(missed.length).toBeLessThanOrEqual(Math.max(2, availableParallelism() - 1) * 16);
      expect(all.length).toBeGreaterThan(5);
      expect(wall).toBeLessThan(30_000); // vitest's start-up included; ~50 specs at a deadline each would be 25 s more
      expect(report.durationMs).toBeLessThan(all.length * 500);
    } finally {
      await driver.close();
    }
  }, 180_000);
});
