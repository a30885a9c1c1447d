// A host project as an SDK team has one: made by `npm init -y` (so "type": "commonjs"), with the
// suite installed from its packed tarball. Offline: the host's lockfile pins exactly the suite's
// own locked dependencies, which `npm ci` of the suite has already put in npm's cache.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

/** `npm pack` of the suite (its prepack builds dist/): the tarball's path. */
export function packSuite(into: string): string {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', into], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const tarball = readdirSync(into).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${into}`);
  return join(into, tarball);
}

/** A fresh `npm init -y` project in a temporary folder, with the tarball installed offline. */
export function hostProject(tarball: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'imc-host-'));
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore' });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const suiteLock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const suite = suiteLock.packages['']!;
  const spec = `file:${tarball}`;
  pkg.dependencies = { 'im-conformance': spec };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const packages: Record<string, unknown> = {
    '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies },
    'node_modules/im-conformance': { version: suite.version, resolved: spec, license: suite.license, dependencies: suite.dependencies, bin: suite.bin, engines: suite.engines },
  };
  // The suite's runtime dependencies, where its own lockfile put them: hoisted beside it.
  for (const [path, entry] of Object.entries(suiteLock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  return dir;
}

/** A command in the host project, as its CI would run it. */
export function inHost(dir: string, command: string, args: string[], timeoutMs = 240_000): SpawnSyncReturns<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('IMC_') && !k.startsWith('VITEST')));
  return spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: timeoutMs, env });
}
