// The CLI as a subprocess, asynchronously (several at once), with its wall time.
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../run-cli.ts';

export const SAMPLE_DRIVER = 'node --import tsx examples/driver-node/driver.ts';

export interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Cli> {
  const started = Date.now();
  const child = spawn(process.execPath, ['bin/im-conformance.js', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}
