// Flag parsing for the commands beyond `run`: node's parseArgs, with its multi-line errors cut
// to the one line the CLI prints (exit 2).
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

type Flags = Record<string, { type: 'string' | 'boolean' }>;

export function parseFlags(
  args: string[],
  options: Flags,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals });
    return { values, positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see "im-conformance --help")`);
  }
}
