// cli/ is in layers that import one way: report/ (the report model, its reading and writing, the
// pure renderers) imports no other layer; engine/ (a run: session, run, reporter, interrupt)
// imports only report/; commands/ (one file per subcommand) import both; main.ts dispatches. The
// shared basics (args, errors, io) sit at cli/'s top and import no layer. Any cycle, through a
// static, type-only or dynamic import, fails too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../run-cli.ts';

const CLI = join(PROJECT_ROOT, 'cli');

/** Each cli/ module → the cli/ modules it imports (`from '…'`, `import('…')`). */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(CLI, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(CLI, f));
  return new Map(
    files.map((file) => {
      const source = readFileSync(file, 'utf8');
      const targets = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!));
      return [file, [...new Set(targets.filter((t) => files.includes(t)))]];
    }),
  );
}

/** Every cycle, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].map((f) => relative(PROJECT_ROOT, f)).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** A module's layer: its folder under cli/, or "top" (main.ts and the shared basics). */
const layerOf = (file: string) => {
  const [first, second] = relative(CLI, file).split('/');
  return second === undefined ? (first === 'main.ts' ? 'main' : 'top') : first!;
};
/** What each layer may import, besides itself. */
const MAY_IMPORT: Record<string, string[]> = { top: [], report: ['top'], engine: ['top', 'report'], commands: ['top', 'report', 'engine'], main: ['top', 'report', 'engine', 'commands'] };

describe('cli/', () => {
  const graph = importGraph();

  it('is in layers: report/, engine/, commands/, each importing only the ones below it', () => {
    expect([...new Set([...graph.keys()].map(layerOf))].sort()).toEqual(['commands', 'engine', 'main', 'report', 'top']);
    const against: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const [from, to] = [layerOf(file), layerOf(target)];
        if (from !== to && !MAY_IMPORT[from]!.includes(to)) against.push(`${relative(PROJECT_ROOT, file)} imports ${relative(PROJECT_ROOT, target)}`);
      }
    }
    expect(against).toEqual([]);
  });

  it('has no import cycle, static, type-only or dynamic', () => {
    expect(graph.size).toBeGreaterThan(20);
    expect(cycles(graph)).toEqual([]);
  });

  it('the checks see a cycle, and an import against the layers, when there is one', () => {
    const [a, b] = [join(CLI, 'report', 'a.ts'), join(CLI, 'engine', 'b.ts')];
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual(['cli/report/a.ts → cli/engine/b.ts → cli/report/a.ts']);
    expect(MAY_IMPORT[layerOf(a)]).not.toContain(layerOf(b));
  });
});
