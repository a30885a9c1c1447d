// `run --list`: a dry run. vitest collects the spec files (imports them, runs nothing) with the
// same name filter as the run, and the selected rules are printed with the specs that would run.
// A selection with no spec at all is refused (exit 2): a run of it could only pass vacuously.
import { Writable } from 'node:stream';
import { join } from 'node:path';
import type { Capability } from '../../adapters/contract.ts';
import { loadAdapter } from '../../adapters/registry.ts';
import type { Rule } from '../../specs/catalog.ts';
import type { Io } from '../io.ts';
import type { RunOptions } from './run.ts';
import { formatError } from './reporter.ts';
import { planSelection, specFilesOf, titleRuleId } from './select.ts';

export interface Listing {
  /** Spec titles per selected rule ID, in file order. */
  specs: Map<string, string[]>;
  errors: string[];
}

/** The titles of the specs a run with these options would start, by rule (vitest collection, nothing runs). */
export async function collectSpecs(o: RunOptions, root: string): Promise<Listing> {
  const { selected, pattern } = planSelection(o);
  const include = o.specs ?? specFilesOf(selected);
  const { createVitest } = await import('vitest/node');
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const vitest = await createVitest(
    'test',
    {
      root,
      config: join(root, 'vitest.config.ts'),
      run: true,
      watch: false,
      passWithNoTests: true,
      ...(pattern ? { testNamePattern: pattern } : {}),
      ...(include ? { include } : {}),
      reporters: [],
    },
    undefined,
    { stdout: quiet, stderr: quiet },
  );
  const specs = new Map<string, string[]>(selected.map((r) => [r.id, []]));
  const errors: string[] = [];
  try {
    const result = await vitest.collect();
    for (const e of result.unhandledErrors) errors.push(`unhandled error: ${formatError(e as never)}`);
    for (const mod of result.testModules) {
      for (const e of mod.errors()) errors.push(`${mod.relativeModuleId}: ${formatError(e)}`);
      for (const test of mod.children.allTests()) {
        if (test.options.mode !== 'run') continue;
        const id = titleRuleId(test.name);
        if (id !== undefined && specs.has(id) && (o.test === undefined || test.name === o.test)) specs.get(id)!.push(test.name);
      }
    }
  } finally {
    await vitest.close();
  }
  return { specs, errors };
}

export async function listCommand(o: RunOptions, selected: readonly Rule[], root: string, io: Io): Promise<number> {
  const listing = await collectSpecs(o, root);
  let capabilities: readonly Capability[] | undefined;
  if (o.adapter !== 'remote') capabilities = (await loadAdapter(o.adapter)).capabilities;
  const total = [...listing.specs.values()].reduce((n, s) => n + s.length, 0);
  if (listing.errors.length) {
    io.out(['im-conformance run --list: the spec files could not all be collected:', ...listing.errors.map((e) => `  ✗ ${e}`)].join('\n') + '\n');
    return 1;
  }
  if (total === 0) {
    io.err(`im-conformance: the selection has zero specs (${selected.map((r) => r.id).join(', ')}): a run would check nothing\n`);
    return 2;
  }
  const out: string[] = [];
  const shard = o.shard ? ` · shard ${o.shard.index}/${o.shard.total}` : '';
  out.push(`im-conformance run --list (dry run, nothing is run) · adapter ${o.adapter} · ${selected.length} rule${selected.length === 1 ? '' : 's'}${shard}`);
  let group = '';
  for (const rule of selected) {
    if (rule.group !== group) out.push('', (group = rule.group));
    const titles = listing.specs.get(rule.id) ?? [];
    const missing = capabilities ? rule.capabilities.filter((c) => !capabilities.includes(c)) : [];
    let note = `${titles.length} spec${titles.length === 1 ? '' : 's'}`;
    if (titles.length === 0) note = rule.untested ? `not tested yet (${rule.untested})` : 'no spec (not tested)';
    else if (missing.length) note += `, not applicable: the adapter does not declare ${missing.map((c) => `"${c}"`).join(', ')}`;
    out.push(`  ${rule.level.padEnd(6)}  ${rule.id}  ${note}`);
    for (const t of titles) out.push(`            ${t}`);
  }
  const rules = [...listing.specs.values()].filter((s) => s.length > 0).length;
  out.push('', `${total} spec${total === 1 ? '' : 's'} of ${rules} rule${rules === 1 ? '' : 's'} would run`);
  io.out(out.join('\n') + '\n');
  return 0;
}
