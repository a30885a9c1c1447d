// An adapter's own options (AdapterOption in contract.ts): read from the command line and the
// environment, checked, and handed to start(). The CLI reads them once, before anything runs (a
// bad or missing value exits 2 with one line), and puts each value given in the option's
// environment variable, where the spec workers read it again.
import type { Adapter, AdapterOption, LinkConditions, StartOptions } from './contract.ts';

export class AdapterOptionError extends Error {}

export interface ResolvedOptions {
  /** By option name, parsed: what start() receives. */
  values: Record<string, unknown>;
  /** By environment variable, the text given: what the spec workers need. */
  env: Record<string, string>;
}

const firstLine = (e: unknown) => {
  const issues = (e as { issues?: { message?: string }[] }).issues; // a zod error: its first issue
  return issues?.[0]?.message ?? String((e as Error)?.message ?? e).split('\n')[0];
};

function parseValue(option: AdapterOption, text: string): unknown {
  const { parse } = option;
  if (parse === undefined) return text;
  return typeof parse === 'function' ? parse(text) : parse.parse(text);
}

/** The flags an adapter takes on the command line: all its options but the secrets. */
export const adapterFlags = (adapter: Adapter): AdapterOption[] => (adapter.options ?? []).filter((o) => !o.secret);

/** `flags`: the --NAME VALUE pairs of the command line that are not the suite's own. */
export function resolveAdapterOptions(adapter: Adapter, flags: Readonly<Record<string, string>> = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const declared = adapter.options ?? [];
  for (const name of Object.keys(flags)) {
    const option = declared.find((o) => o.name === name);
    const takes = adapterFlags(adapter).map((o) => `--${o.name}`);
    if (!option) throw new AdapterOptionError(`unknown option --${name}: adapter ${adapter.name} takes ${takes.length ? takes.join(', ') : 'no options of its own'} (see "im-conformance run --adapter ... --help")`);
    if (option.secret) throw new AdapterOptionError(`--${name} is a secret: give it in the environment as ${option.env}, never on the command line`);
  }
  const resolved: ResolvedOptions = { values: {}, env: {} };
  const missing: AdapterOption[] = [];
  for (const option of declared) {
    const fromFlag = flags[option.name];
    const text = fromFlag ?? (env[option.env]?.trim() || undefined);
    if (text === undefined) {
      if (option.required) missing.push(option);
      continue;
    }
    try {
      resolved.values[option.name] = parseValue(option, text);
    } catch (e) {
      throw new AdapterOptionError(`${fromFlag !== undefined ? `--${option.name}` : option.env}: ${firstLine(e)}`);
    }
    resolved.env[option.env] = text;
  }
  if (missing.length) {
    const ways = missing.map((o) => (o.secret ? o.env : `--${o.name} or ${o.env}`));
    throw new AdapterOptionError(`adapter ${adapter.name} needs ${ways.join(', ')}: ${missing.map((o) => o.description).join('; ')}`);
  }
  return resolved;
}

/** The adapter's options, for `run --adapter X --help`. */
export function adapterOptionsHelp(adapter: Adapter): string {
  const options = adapter.options ?? [];
  if (options.length === 0) return `adapter ${adapter.name} takes no options of its own\n`;
  const lines = options.map((o) => `  ${(o.secret ? `$${o.env}` : `--${o.name} VALUE`).padEnd(26)} ${o.description}${o.secret ? ' (environment only)' : ` (or $${o.env})`}${o.required ? ', required' : ''}`);
  return `options of adapter ${adapter.name}:\n${lines.join('\n')}\n`;
}

/** What start() is given: the link conditions (adapters with network faults) and the adapter's own options, read from the environment. */
export function startOptionsOf(adapter: Adapter, link: LinkConditions | undefined, env: NodeJS.ProcessEnv = process.env): StartOptions | undefined {
  const options = adapter.options?.length ? resolveAdapterOptions(adapter, {}, env).values : undefined;
  if (!link && !options) return undefined;
  return { ...(link ? { link } : {}), ...(options ? { options } : {}) };
}
