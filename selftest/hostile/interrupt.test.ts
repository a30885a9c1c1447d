// Ctrl-C (SIGINT) and SIGTERM in the middle of `im-conformance run`: the run stops at once (not
// at the next deadline), the partial report is written, valid and marked interrupted, the driver
// the CLI started is gone, and the exit code is 128 + the signal's number.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, type ConformanceReport } from '../../cli/report/report-schema.ts';
import { procStat } from '../../adapters/remote/proc-stat.ts';
import { PROJECT_ROOT, SAMPLE_DRIVER } from '../run-cli.ts';

const NEVER_ANSWERS = 'selftest/hostile/adapters/never-answers.ts';
// A deadline far beyond the test's: only the interruption can end the blocked spec in time.
const ARGS = ['--rules', 'logout.when-logged-out,user-id.empty', '--timeout', '600000'];
const STEP_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'imc-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves with the file's content once it exists and is not empty (the adapter writes it when it blocks). */
function contentOnceWritten(file: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (!text) return;
      finish();
      resolve(text);
    };
    const watcher = watch(join(file, '..'), check);
    const timer = setTimeout(() => (finish(), reject(new Error(`${file} was not written within ${ms} ms`))), ms);
    const finish = () => (clearTimeout(timer), watcher.close());
    check();
  });
}

/** Whether the process still runs: a zombie (exited, waiting for init to reap it) does not. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  const [state] = procStat(pid) ?? [];
  return state !== undefined && state !== 'Z';
};

interface Interrupted {
  code: number | null;
  stdout: string;
  stderr: string;
  report: ConformanceReport;
  out: string;
  /** The process ID the blocked adapter call ran in (the driver's, behind a driver). */
  blockedPid: number;
  cliPid: number | undefined;
  /** From the signal to the end of the CLI. */
  stoppedMs: number;
}

/** Runs the CLI until an adapter call is blocked in it, then sends `signal`. */
async function interruptRun(name: string, args: string[], signal: 'SIGINT' | 'SIGTERM'): Promise<Interrupted> {
  const out = join(dir, name);
  const marker = join(dir, `${name}.blocked`);
  const child = spawn(process.execPath, ['bin/im-conformance.js', 'run', ...args, '--out', out], { cwd: PROJECT_ROOT, env: { ...process.env, HOSTILE_BLOCKED_MARKER: marker } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const ended = closed.then((code) => Promise.reject(new Error(`the run ended (exit ${code}) before an adapter call blocked:\n${stderr}\n${stdout}`)));
    const blockedPid = Number(await Promise.race([contentOnceWritten(marker, STEP_MS), ended]));
    const signalled = Date.now();
    child.kill(signal);
    const code = await Promise.race([closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the run did not stop within ${STEP_MS} ms of ${signal}`)), STEP_MS).unref())]);
    const report = parseReport(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')));
    return { code, stdout, stderr, report, out, blockedPid, cliPid: child.pid, stoppedMs: Date.now() - signalled };
  } finally {
    child.kill('SIGKILL'); // only if a step above failed: never leave the run behind
  }
}

/** What every interrupted run shows: exit 128 + signal, the partial report marked, the blocked rule untested. */
function expectInterrupted(r: Interrupted, signal: 'SIGINT' | 'SIGTERM', exitCode: number): void {
  expect(r.code, r.stderr).toBe(exitCode);
  // stderr also carries the run's progress: a line per finished rule (cli/engine/progress.ts).
  const said = r.stderr.split('\n').filter((l) => !/^ {2}[✓✗] /.test(l));
  expect(said[0]).toBe(`im-conformance: ${signal}: stopping the run and writing a partial report (send it again to end at once)`);
  expect(r.report.interrupted).toBe(signal);
  expect(r.report.conformant).toBe(false);
  expect(r.report.errors).toEqual([`the run was interrupted (${signal}) before every spec had finished`]);
  const rule = (id: string) => r.report.rules.find((x) => x.id === id);
  expect(rule('logout.when-logged-out')).toMatchObject({ status: 'not-tested', reason: 'run interrupted', specs: [] });
  expect(['pass', 'not-tested']).toContain(rule('user-id.empty')?.status); // it may or may not have run first
  const line = `Interrupted by ${signal}: a partial report; rules whose specs did not all run are not tested ("run interrupted")`;
  expect(r.stdout).toContain(line);
  expect(readFileSync(join(r.out, 'summary.md'), 'utf8')).toContain(line);
  expect(readFileSync(join(r.out, 'index.html'), 'utf8')).toContain('id="interrupted"');
  // The blocked call had a 10-minute deadline: the run did not wait for it.
  expect(r.stoppedMs).toBeLessThan(15_000);
}

describe.concurrent('an interrupted run', () => {
  it('Ctrl-C (SIGINT) through a driver: exit 130, partial report, and the driver process is gone', async () => {
    const r = await interruptRun('sigint', ['--driver-cmd', `${SAMPLE_DRIVER} --adapter ${NEVER_ANSWERS}`, ...ARGS], 'SIGINT');
    expectInterrupted(r, 'SIGINT', 130);
    expect(r.blockedPid).not.toBe(r.cliPid); // the call blocked in the driver's process
    expect(alive(r.blockedPid), `driver process ${r.blockedPid} outlived the CLI`).toBe(false);
  }, 3 * STEP_MS);

  it('SIGTERM in-process: exit 143 and the partial report', async () => {
    const r = await interruptRun('sigterm', ['--adapter', NEVER_ANSWERS, ...ARGS], 'SIGTERM');
    expectInterrupted(r, 'SIGTERM', 143);
    expect(r.blockedPid).toBe(r.cliPid);
  }, 3 * STEP_MS);
});
