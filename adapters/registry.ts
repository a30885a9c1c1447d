// Turns `--adapter NAME|PATH` into a validated Adapter. Used by the CLI (to refuse bad
// input with exit 2 before anything runs) and by the spec workers (to load it).
import { existsSync, readdirSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { AdapterSchema, type Adapter } from './contract.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Built-in adapters by name: the reference, `remote` (an SDK in a driver process, any language:
 * needs --driver or --driver-cmd, see adapters/remote/) and the deliberately broken mutants.
 */
export function builtinAdapters(): Record<string, string> {
  const tencent = resolve(here, 'tencent/index.ts');
  return { reference: resolve(here, 'reference/index.ts'), remote: resolve(here, 'remote/index.ts'), ...(existsSync(tencent) ? { tencent } : {}), ...mutantPaths() };
}

function mutantPaths(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of MUTANT_NAMES) out[`mutant:${name}`] = resolve(here, 'mutants', `${name}.ts`);
  return out;
}

/** Each mutant (adapters/mutants/NAME.ts) breaks one rule on purpose; the self-tests pin which rules catch it. */
export const MUTANT_NAMES: readonly string[] = readdirSync(resolve(here, 'mutants'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

export class AdapterLoadError extends Error {}

export function adapterPath(nameOrPath: string): string {
  const builtin = builtinAdapters()[nameOrPath];
  if (builtin) return builtin;
  const path = resolve(nameOrPath);
  if (/[\\/.]/.test(nameOrPath) && existsSync(path)) return path;
  const names = Object.keys(builtinAdapters()).filter((n) => !n.startsWith('mutant:'));
  throw new AdapterLoadError(
    `unknown adapter "${nameOrPath}": not a built-in (${names.join(', ')}, mutant:NAME) and no such file`,
  );
}

/**
 * A host project's adapter loads as its own package says: a .ts file in a commonjs project is
 * commonjs (tsImport compiles it so; a plain import would meet Node's require(esm) cycle error),
 * .mts and .mjs are modules, .js follows the package's "type". The suite's own modules load as
 * they always do, so they share one instance with the specs.
 */
async function importAdapter(path: string): Promise<unknown> {
  if (path.startsWith(PACKAGE_ROOT) && !path.slice(PACKAGE_ROOT.length).split(sep).includes('node_modules')) {
    return ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  }
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  // A module compiled to commonjs: its exports object, whose `default` is the ES default export.
  const exported = mod.default as { __esModule?: boolean; default?: unknown } | undefined;
  return exported?.__esModule ? exported.default : exported;
}

export async function loadAdapter(nameOrPath: string): Promise<Adapter> {
  const path = adapterPath(nameOrPath);
  let exported: unknown;
  try {
    exported = await importAdapter(path);
  } catch (e) {
    throw new AdapterLoadError(`adapter module ${path} failed to load: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = AdapterSchema.safeParse(exported);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? `default export.${issue.path.join('.')}` : 'default export';
    throw new AdapterLoadError(
      `adapter module ${path} has no valid adapter: ${field}: ${issue.message} (schema AdapterSchema in adapters/contract.ts)`,
    );
  }
  return exported as Adapter;
}
