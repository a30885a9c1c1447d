// spec() takes only the catalog's rule IDs (RuleId): a misspelt ID fails `npm run typecheck`, which
// npm test runs first, long before any run. The @ts-expect-error below fails it if that stops being so.
import { describe, expect, it } from 'vitest';
import { CATALOG, type RuleId } from '../../specs/catalog.ts';

describe('rule IDs', () => {
  it('are typed: the catalog spells every one, and a misspelling does not compile', () => {
    const known: readonly string[] = CATALOG.map((r) => r.id);
    const spelt: RuleId = 'user-id.max-bytes';
    // @ts-expect-error: not a rule of the catalog
    const misspelt: RuleId = 'user-id.max-byte';
    expect(known).toContain(spelt);
    expect(known).not.toContain(misspelt);
  });
});
