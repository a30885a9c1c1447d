// `--rules` and `--test`: which catalog rules a run covers, and the vitest testNamePattern
// that runs exactly their specs. Vitest matches the pattern against the test's full name,
// "<file> <describe…> <title>", and every spec title starts with "<rule ID>: ".
import { CATALOG, specFileOf, type Rule } from '../../specs/catalog.ts';
import { UsageError } from '../errors.ts';
import type { Shard } from '../report/report-schema.ts';

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

/** `--shard I/N` → { index: I, total: N }, 1 ≤ I ≤ N. */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(total) || total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N (e.g. 2/3), got "${value}"`);
  }
  return { index, total };
}

/**
 * The rules of shard I of N: the rules that have specs are dealt out in catalog order like cards
 * (rule k goes to shard k mod N + 1), then the untested ones continue the deal. Deterministic, every
 * rule in exactly one shard, so the shards' union is the whole selection; dealing (rather than cutting
 * into blocks) spreads each group's expensive property specs over the shards.
 */
export function shardRules(rules: readonly Rule[], shard: Shard): Rule[] {
  const dealt = [...rules.filter((r) => r.untested === undefined), ...rules.filter((r) => r.untested !== undefined)];
  const mine = new Set(dealt.filter((_, k) => k % shard.total === shard.index - 1).map((r) => r.id));
  return rules.filter((r) => mine.has(r.id));
}

/**
 * The spec files that hold these rules' specs, or undefined when the selection takes in every
 * group: a run of a few rules then loads and walks only their files (a worker imports each file
 * it is given, and reports every spec in it, selected or not).
 */
export function specFilesOf(selected: readonly Rule[], catalog: readonly Rule[] = CATALOG): string[] | undefined {
  const files = [...new Set(selected.map(specFileOf))];
  return files.length === new Set(catalog.map(specFileOf)).size ? undefined : files;
}

/** Which rules a run covers and the testNamePattern that runs them (undefined: every spec). */
export function planSelection(
  o: { rules?: string | undefined; test?: string | undefined; path?: string | undefined; shard?: Shard | undefined },
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
  if (o.shard !== undefined) {
    if (o.test !== undefined) throw new UsageError('--shard splits a run of many rules; it cannot be combined with --test');
    const all = selected;
    selected = shardRules(all, o.shard);
    if (selected.length === 0) {
      throw new UsageError(`--shard ${o.shard.index}/${o.shard.total} selects no rule: the selection has only ${all.length} rule${all.length === 1 ? '' : 's'}, so use at most ${all.length} shards`);
    }
    pattern = rulesNamePattern(selected.map((r) => r.id));
  }
  return { selected, pattern };
}
