// Runs the CLI's commands as a user does, asynchronously so several runs can overlap, and reads
// back the report each wrote: in a run host (run-host.ts) that runs them one after another, or
// in a process of its own.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReport, type ConformanceReport } from '../cli/report/report-schema.ts';
import type { HostAnswer, HostRequest } from './run-host.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The sample driver (examples/driver-node) wrapping the reference, as `--driver-cmd` starts it. */
export const SAMPLE_DRIVER = 'node --import tsx examples/driver-node/driver.ts';
/** Node's arguments for a TypeScript entry that starts the run pipeline, loaded as bin/ loads a run. */
export const RUN_PIPELINE_NODE_ARGS = ['--import', new URL('../bin/preload-run.js', import.meta.url).href, '--import', 'tsx'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  report: ConformanceReport;
  out: string;
}

/** A command through main() in this process, its output collected: for what is decided before anything runs. */
export async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../cli/main.ts');
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A run in a process of its own, as a user starts it: bin/im-conformance.js. */
function inOwnProcess(args: string[], env: NodeJS.ProcessEnv, armDeadline: (stop: () => void) => void): Promise<Ran> {
  const child = spawn(process.execPath, ['bin/im-conformance.js', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  armDeadline(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Idle run hosts (run-host.ts) of this self-test process; one is started whenever none is idle. */
const idleHosts: ChildProcess[] = [];
let requests = 0;

function inHost(args: string[], env: NodeJS.ProcessEnv, armDeadline: (stop: () => void) => void): Promise<Ran> {
  const host = idleHosts.pop() ?? fork(fileURLToPath(new URL('run-host.ts', import.meta.url)), [], { cwd: PROJECT_ROOT, execArgv: RUN_PIPELINE_NODE_ARGS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A host keeps this process alive only while it runs something; it ends when this process does.
  host.unref();
  host.channel?.ref();
  const id = ++requests;
  armDeadline(() => host.kill('SIGKILL'));
  return new Promise((resolve) => {
    const answered = (answer: HostAnswer) => {
      if (answer.id !== id) return;
      done();
      host.channel?.unref();
      idleHosts.push(host);
      resolve(answer);
    };
    const ended = (code: number | null) => (done(), resolve({ code, stdout: '', stderr: `the run host ended (exit ${code})` }));
    const done = () => (host.off('message', answered), host.off('exit', ended));
    host.on('message', answered);
    host.on('exit', ended);
    host.send({ id, args, env } satisfies HostRequest);
  });
}

/**
 * `run` commands get a fresh --out directory, removed afterwards unless `keep` is set. With
 * `deadlineMs`, a run still going by then is killed and fails the test (a hung run, not a hung test).
 * Runs go to a run host (run-host.ts: the CLI's main(), without a process start each) unless
 * `ownProcess` is set: for what only a process of its own shows (that it ends, its exit code).
 */
export async function runCli(
  args: string[],
  { env = {}, keep = false, deadlineMs, ownProcess = false }: { env?: NodeJS.ProcessEnv; keep?: boolean; deadlineMs?: number; ownProcess?: boolean } = {},
): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'imc-run-'));
  let hung = false;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const armDeadline = (stop: () => void) => {
    if (deadlineMs !== undefined) deadline = setTimeout(() => ((hung = true), stop()), deadlineMs);
  };
  const { code, stdout, stderr } = await (ownProcess ? inOwnProcess : inHost)([...args, '--out', out], env, armDeadline);
  clearTimeout(deadline);
  if (hung) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`the run did not finish within ${deadlineMs} ms: ${args.join(' ')}\n${stderr}\n${stdout}`);
  }
  try {
    const report = parseReport(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')));
    return { code, stdout, stderr, report, out };
  } catch (e) {
    throw new Error(`the run wrote no valid report (exit ${code}): ${(e as Error).message}\n${stderr}\n${stdout}`);
  } finally {
    if (!keep) rmSync(out, { recursive: true, force: true });
  }
}
