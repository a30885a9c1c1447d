// Runs the CLI as a user does (a subprocess), asynchronously so several runs can overlap,
// and reads back the report it wrote.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReport, type ConformanceReport } from '../cli/report/report-schema.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Node's arguments for a TypeScript entry that starts the run pipeline, loaded as bin/ loads a run. */
export const RUN_PIPELINE_NODE_ARGS = ['--import', new URL('../bin/preload-run.js', import.meta.url).href, '--import', 'tsx'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  report: ConformanceReport;
  out: string;
}

/**
 * `run` commands get a fresh --out directory, removed afterwards unless `keep` is set. With
 * `deadlineMs`, a run still going by then is killed and fails the test (a hung run, not a hung test).
 */
export async function runCli(args: string[], { env = {}, keep = false, deadlineMs }: { env?: NodeJS.ProcessEnv; keep?: boolean; deadlineMs?: number } = {}): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'imc-run-'));
  const child = spawn(process.execPath, ['bin/im-conformance.js', ...args, '--out', out], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let hung = false;
  const deadline = deadlineMs === undefined ? undefined : setTimeout(() => ((hung = true), child.kill('SIGKILL')), deadlineMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
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
