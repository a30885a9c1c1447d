// A process that runs im-conformance commands for the self-tests, one after another (started by
// run-cli.ts with bin/'s preload and tsx, as bin/ starts a run). What a process of its own would
// pay for every run (Node, the preload, the CLI's modules: about 1.2 s of CPU) is paid once.
// Each command runs as bin/ runs it: main() writing to stdout and stderr (captured for the call),
// with the environment it is given set for its duration, and nothing it set kept after.
import { main } from '../cli/main.ts';

export interface HostRequest {
  id: number;
  args: string[];
  env: Record<string, string | undefined>;
}

export interface HostAnswer {
  id: number;
  code: number;
  stdout: string;
  stderr: string;
}

async function runOne({ id, args, env }: HostRequest): Promise<HostAnswer> {
  // The environment as it was, restored whole after: the call's own, and what the CLI sets in it
  // (an adapter's options, for its workers), end with the call.
  const saved = { ...process.env };
  const streams = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      streams[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let code: number;
  try {
    code = await main(args);
  } catch (e) {
    process.stderr.write(`im-conformance: internal error: ${(e as Error).stack ?? String(e)}\n`);
    code = 1;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
  return { id, code, ...streams };
}

let queue = Promise.resolve();
process.on('message', (request: HostRequest) => {
  queue = queue.then(async () => void process.send!(await runOne(request)));
});
// The self-test process that started it is gone: so is its work.
process.on('disconnect', () => process.exit(0));
