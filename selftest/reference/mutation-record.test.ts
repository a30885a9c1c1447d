// The reference carries no mutation-testing notes: the mutants Stryker may leave alive are
// recorded in mutation/equivalents.mjs, and its ignorer applies each record to the line it names.
// This checks that the record still fits the code: every record lands on exactly one line, and
// the mutants there come out ignored with the record's reason, as `npm run mutation` will see them.
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type Record = { file: string; in: string; line: string; mutators: string[]; why: string };
const load = (file: string) => import(pathToFileURL(path.resolve(file)).href);
const { RECORDED } = (await load('mutation/equivalents.mjs')) as { RECORDED: Record[] };
const { strykerPlugins } = (await load('mutation/ignorer.mjs')) as { strykerPlugins: { value: { shouldIgnore(path: unknown): string | undefined } }[] };
const MUTATED = ((await load('stryker.config.mjs')) as { default: { mutate: string[] } }).default.mutate;
const quiet = { debug() {}, info() {}, warn() {}, isDebugEnabled: () => false };

describe('the mutation record (mutation/equivalents.mjs)', () => {
  it('the reference holds no Stryker comments', () => {
    for (const file of MUTATED) expect(readFileSync(file, 'utf8'), file).not.toMatch(/Stryker/);
  });

  it('every record lands on one line of a mutated file and ignores its mutators there, with its reason', async () => {
    const files = MUTATED.map((file) => ({ name: path.resolve(file), content: readFileSync(file, 'utf8'), mutate: true }));
    const options = { plugins: null, excludedMutations: [], ignorers: [strykerPlugins[0]!.value], noHeader: true };
    // A record that matches no line or several throws here, naming it.
    const { mutants } = await new Instrumenter(quiet as never).instrument(files, options as never);
    for (const record of RECORDED) {
      expect(MUTATED, `${record.file} is not mutated`).toContain(record.file);
      const ignored = mutants.filter((m) => m.fileName === path.resolve(record.file) && m.status === 'Ignored' && m.statusReason === record.why);
      for (const mutator of record.mutators) expect(ignored.map((m) => m.mutatorName), `${record.in}: ${record.line}`).toContain(mutator);
    }
  });
});
