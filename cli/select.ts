// `--rules` and `--test`: which catalog rules a run covers, and the vitest testNamePattern
// that runs exactly their specs. Vitest matches the pattern against the test's full name,
// "<file> <describe…> <title>", and every spec title starts with "<rule ID>: ".
import { CATALOG, type Rule } from '../specs/catalog.ts';
import { UsageError } from './errors.ts';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c)))
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * Rules selected by a comma-separated list of globs, each matched against rule IDs and
 * group names (`switch.*`, `ticket`, `user-id.*`). Returns the rules in catalog order;
 * throws with the offending term when a term selects nothing.
 */
export function selectRules(pattern: string, catalog: readonly Rule[]): Rule[] {
  const terms = pattern.split(',').map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw new Error(`--rules is empty; give rule IDs or group names, e.g. "switch.*,ticket"`);
  const selected = new Set<string>();
  for (const term of terms) {
    const re = globToRegExp(term);
    const hits = catalog.filter((r) => re.test(r.id) || re.test(r.group));
    if (hits.length === 0) {
      throw new Error(`--rules "${term}" matches no rule ID or group (see "im-conformance rules")`);
    }
    for (const r of hits) selected.add(r.id);
  }
  return catalog.filter((r) => selected.has(r.id));
}

/** The rule ID a spec title starts with ("switch.last-wins: ..." → "switch.last-wins"), if any. */
export function titleRuleId(title: string): string | undefined {
  return /^([a-z0-9-]+\.[a-z0-9.-]+): /.exec(title)?.[1];
}

/** A testNamePattern that runs the specs of these rules and no others. */
export function rulesNamePattern(ruleIds: readonly string[]): RegExp {
  return new RegExp(`(?:^| )(?:${ruleIds.map(escapeRegExp).join('|')}): `);
}

/** A testNamePattern that runs the spec with exactly this title (whatever its describe blocks). */
export function titleNamePattern(title: string): RegExp {
  return new RegExp(`(?:^| )${escapeRegExp(title)}$`);
}

/** Which rules a run covers and the testNamePattern that runs them (undefined: every spec). */
export function planSelection(
  o: { rules?: string | undefined; test?: string | undefined; path?: string | undefined },
  catalog: readonly Rule[] = CATALOG,
): { selected: Rule[]; pattern: RegExp | undefined } {
  let selected: Rule[] = [...catalog];
  let pattern: RegExp | undefined;
  if (o.rules !== undefined) {
    try {
      selected = selectRules(o.rules, catalog);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    pattern = rulesNamePattern(selected.map((r) => r.id));
  }
  if (o.path !== undefined && o.test === undefined) {
    throw new UsageError('--path needs --test: a replay path belongs to one property spec');
  }
  if (o.test !== undefined) {
    const id = titleRuleId(o.test);
    const rule = id === undefined ? undefined : catalog.find((r) => r.id === id);
    if (!rule) throw new UsageError(`--test "${o.test}" does not start with a catalog rule ID followed by ": "`);
    if (!selected.includes(rule)) throw new UsageError(`--test "${o.test}" is outside --rules "${o.rules}"`);
    selected = [rule];
    pattern = titleNamePattern(o.test);
  }
  return { selected, pattern };
}
