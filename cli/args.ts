// The one flag parser of every command: node's parseArgs, with its multi-line errors cut to the
// one line the CLI prints (exit 2), and a negative number after a flag that takes a value read as
// that value ("--seed -5"), not as a flag.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

export type Flags = Record<string, { type: 'string' | 'boolean' }>;

export function parseFlags(
  args: string[],
  options: Flags,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [arg, next] = [args[i]!, args[i + 1]];
    const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) joined.push(`${arg}=${args[++i]}`);
    else joined.push(arg);
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, options, strict: true, allowPositionals });
    return { values, positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see "im-conformance --help")`);
  }
}
