// The command line: `im-conformance run|rules`. Exit 0 conformant, 1 not, 2 usage or configuration error
// (always one line: "im-conformance: <what is wrong>").
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AdapterLoadError, loadAdapter } from '../adapters/registry.ts';
import { CATALOG } from '../specs/catalog.ts';
import { UsageError } from './errors.ts';
import { planSelection } from './select.ts';
import type { RunOptions } from './run.ts';

export const USAGE = `usage: im-conformance <command> [options]

commands:
  run --adapter NAME|PATH   run the conformance specs against an adapter
      [--rules PATTERN]     only these rules: comma-separated globs over rule IDs or groups (switch.*,ticket)
      [--test TITLE]        only the spec with this full title (replay)
      [--seed N]            seed for the property specs (default 20261127)
      [--path P]            fast-check replay path (with --test)
      [--runs N]            runs per property
      [--timeout MS]        deadline of each adapter call (default 5000)
      [--out DIR]           where reports go (default ./reports)
  rules [--json]            list the rule catalog

exit: 0 conformant, 1 not conformant, 2 usage or configuration error
`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}
const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

const fail = (io: Io, message: string): 2 => {
  io.err(`im-conformance: ${message.split('\n')[0]}\n`);
  return 2;
};

function integer(flag: string, value: string | undefined, positive: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be ${positive ? 'a positive integer' : 'an integer'}, got "${value}"`);
  }
  const n = Number(value);
  if (positive && n <= 0) throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}

type Flags = Record<string, { type: 'string' | 'boolean' }>;
function parse(args: string[], options: Flags): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // node's messages are multi-line and mention the internal option names; keep the first line.
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see "im-conformance --help")`);
  }
}

async function runCommand(args: string[], io: Io): Promise<number> {
  const v = parse(args, {
    adapter: { type: 'string' },
    rules: { type: 'string' },
    test: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
    runs: { type: 'string' },
    timeout: { type: 'string' },
    out: { type: 'string' },
  }) as Record<string, string | undefined>;
  if (v.adapter === undefined || v.adapter === '') throw new UsageError('run needs --adapter NAME|PATH (e.g. --adapter reference)');
  const options: RunOptions = { adapter: v.adapter, print: (t) => io.out(t) };
  const seed = integer('seed', v.seed, false);
  const runs = integer('runs', v.runs, true);
  const timeoutMs = integer('timeout', v.timeout, true);
  if (seed !== undefined) options.seed = seed;
  if (runs !== undefined) options.runs = runs;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (v.rules !== undefined) options.rules = v.rules;
  if (v.test !== undefined) options.test = v.test;
  if (v.path !== undefined) options.path = v.path;
  if (v.out !== undefined) options.outDir = v.out;
  // Refuse a bad request before importing vitest (which takes a while); runConformance checks again.
  planSelection(options);
  await loadAdapter(options.adapter);
  const { runConformance } = await import('./run.ts');
  const result = await runConformance(options);
  return result.exitCode;
}

function rulesCommand(args: string[], io: Io): number {
  const { json } = parse(args, { json: { type: 'boolean' } });
  if (json) {
    io.out(JSON.stringify(CATALOG, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  let group = '';
  for (const r of CATALOG) {
    if (r.group !== group) lines.push(`${group ? '\n' : ''}${(group = r.group)}`);
    const caps = r.capabilities.length ? `  [needs ${r.capabilities.join(', ')}]` : '';
    const untested = r.untested ? `  (not tested yet: ${r.untested})` : '';
    lines.push(`  ${r.level.padEnd(6)} ${r.id}${caps}${untested}`, `         ${r.title}`, `         source: ${r.source}`);
  }
  lines.push('', `${CATALOG.length} rules`);
  io.out(lines.join('\n') + '\n');
  return 0;
}

/** Runs the CLI on these arguments (without "node" and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      default:
        return fail(io, `unknown command "${command}" (commands: run, rules; see "im-conformance --help")`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AdapterLoadError) return fail(io, e.message);
    throw e;
  }
}

/** True when this module is the process's entry (tsx cli/main.ts), not imported by the bin or a test. */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Sets the exit code and makes sure the process ends even if a handle stays open. */
export async function runAsProcess(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    process.stderr.write(`im-conformance: internal error: ${(e as Error).stack ?? String(e)}\n`);
    code = 1;
  }
  process.exitCode = code;
  // vitest is closed by now; a leftover handle (an adapter that did not stop) must not hang CI.
  setTimeout(() => process.exit(code), 2000).unref();
}

if (isEntry()) await runAsProcess();
