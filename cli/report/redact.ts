// Secrets never reach a report: the values of environment variables whose name contains
// SECRET or KEY are replaced wherever they appear (messages, traces, junit, allure results).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SECRET_NAME = /SECRET|KEY/i;
/** Shorter values are too likely to be ordinary words or numbers ("true", "1"). */
const MIN_SECRET_LENGTH = 6;
export const REDACTED = '[redacted]';

export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value as string);
  // Longest first, so a secret containing another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  return out;
}

/** Every string inside a JSON-like value, redacted. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Redacts files written by other reporters (junit.xml, allure-results/*) in place. */
export async function redactFiles(paths: readonly string[], secrets: readonly string[]): Promise<void> {
  if (secrets.length === 0) return;
  for (const path of paths) {
    let entries: string[];
    try {
      entries = (await readdir(path, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name));
    } catch {
      entries = [path];
    }
    for (const file of entries) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        continue;
      }
      if (bytes.includes(0)) continue; // binary attachment
      const text = bytes.toString('utf8');
      const clean = redact(text, secrets);
      if (clean !== text) await writeFile(file, clean);
    }
  }
}
