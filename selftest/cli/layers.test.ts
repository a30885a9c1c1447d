// cli/ imports one way: the report model and its renderers never import the commands or the run
// engine back. Any cycle among cli/'s modules, through a static, type-only or dynamic import, fails.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../run-cli.ts';

const CLI = join(PROJECT_ROOT, 'cli');

/** Each cli/ module → the cli/ modules it imports (`from '…'`, `import('…')`, `export … from '…'`). */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(CLI).filter((f) => f.endsWith('.ts')).map((f) => join(CLI, f));
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

describe('cli/', () => {
  it('has no import cycle, static, type-only or dynamic', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(cycles(graph)).toEqual([]);
  });

  it('the check sees a cycle when there is one', () => {
    const a = join(CLI, 'a.ts');
    const b = join(CLI, 'b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual(['cli/a.ts → cli/b.ts → cli/a.ts']);
  });
});
