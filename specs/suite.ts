// Which suite made a verdict: the package's version and a fingerprint of the rule catalog it judges
// by. Reports, baselines and the driver handshake carry both, so reports judged by different rules
// are never mixed silently (compare, merge and --baseline check it).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CATALOG, type Rule } from './catalog.ts';

/**
 * Over what decides a verdict: each rule's ID, level and source sentence. Titles, docs and code
 * may change under the same fingerprint; a new, removed or re-levelled rule changes it.
 */
export function catalogFingerprint(catalog: readonly Pick<Rule, 'id' | 'level' | 'source'>[] = CATALOG): string {
  const rules = [...catalog].sort((a, b) => a.id.localeCompare(b.id)).map((r) => [r.id, r.level, r.source]);
  return createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export interface SuiteIdentity {
  name: string;
  version: string;
  /** catalogFingerprint() of the catalog this suite judges by. */
  catalog: string;
}

export const SUITE: SuiteIdentity = { name: pkg.name, version: pkg.version, catalog: catalogFingerprint() };

/** "im-conformance 0.1.0, catalog 1a2b…": how reports and errors name a suite. */
export const suiteText = (s: SuiteIdentity): string => `${s.name} ${s.version}, catalog ${s.catalog}`;
