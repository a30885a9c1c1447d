// The suite as an SDK team installs it (README, "Install"): packed, installed from the tarball
// into a fresh `npm init -y` project, its entry imported and required, its adapter skeleton
// written and run, and small adapters of each kind (.ts in a commonjs project, .mts, .js, .ts in
// a module project) run to a verdict. Nothing here may reach for the suite's own checkout.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostProject, inHost, packSuite } from './host-project.ts';

let packDir: string;
let host: string;
const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

beforeAll(() => {
  packDir = mkdtempSync(join(tmpdir(), 'imc-pack-'));
  host = hostProject(packSuite(packDir));
}, 240_000);
afterAll(() => {
  for (const dir of [packDir, host]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('installed from its tarball into an `npm init -y` project', () => {
  it('is a commonjs project, as npm makes it', () => {
    expect(JSON.parse(readFileSync(join(host, 'package.json'), 'utf8')).type).toBe('commonjs');
  });

  it("import('im-conformance') and require('im-conformance') both give defineAdapter; the reference is a named subpath", () => {
    const esm = inHost(host, 'node', ['-e', "import('im-conformance').then((m) => console.log(typeof m.defineAdapter, m.PLATFORMS.length))"]);
    expect(output(esm)).toBe('function 6\n');
    const cjs = inHost(host, 'node', ['-e', "const r = require('im-conformance/reference'); console.log(typeof require('im-conformance').defineAdapter, r.default.name)"]);
    expect(output(cjs)).toBe('function reference\n');
  });

  it('types: an adapter importing the entry type-checks, and a wrong one does not', () => {
    writeFileSync(join(host, 'typed.ts'), "import { defineAdapter, type Adapter } from 'im-conformance';\nimport reference from 'im-conformance/reference';\nexport default defineAdapter({ ...(reference as Adapter), name: 'typed' });\n");
    writeFileSync(join(host, 'mistyped.ts'), "import { defineAdapter } from 'im-conformance';\nexport default defineAdapter({ name: 1 });\n");
    const tsc = join(process.cwd(), 'node_modules', '.bin', 'tsc');
    const check = (file: string) => {
      writeFileSync(join(host, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: [file] }));
      return inHost(host, tsc, ['-p', '.']);
    };
    expect(output(check('typed.ts'))).toBe('');
    expect(output(check('mistyped.ts'))).toMatch(/mistyped\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it('init-adapter writes a skeleton that imports the package and loads: its TODOs fail the run (exit 1), nothing fails to load', () => {
    const init = inHost(host, 'npx', ['im-conformance', 'init-adapter', 'my-sdk']);
    expect(init.status, output(init)).toBe(0);
    expect(readFileSync(join(host, 'my-sdk.ts'), 'utf8')).toContain("from 'im-conformance';");
    const run = inHost(host, 'npx', ['im-conformance', 'run', '--adapter', './my-sdk.ts', '--rules', 'user-id.empty']);
    expect(output(run)).not.toMatch(/failed to load/);
    expect(run.stdout).toMatch(/TODO \(my-sdk adapter\): init/);
    expect(run.status).toBe(1);
  });

  it('small real adapters of every kind run to a verdict, exit 0: .js (commonjs), .mts, and .ts once the project is a module', () => {
    writeFileSync(join(host, 'tiny.js'), "const { default: reference } = require('im-conformance/reference');\nconst { defineAdapter } = require('im-conformance');\nmodule.exports = defineAdapter({ ...reference, name: 'tiny-js' });\n");
    writeFileSync(join(host, 'tiny.mts'), "import reference from 'im-conformance/reference';\nimport { defineAdapter } from 'im-conformance';\nexport default defineAdapter({ ...reference, name: 'tiny-mts' });\n");
    for (const file of ['./tiny.js', './tiny.mts']) {
      // Two cheap rules: what is shown is that each kind of module loads and runs to a verdict.
      const run = inHost(host, 'npx', ['im-conformance', 'run', '--adapter', file, '--rules', 'user-id.empty,user-id.max-bytes']);
      expect(run.status, output(run)).toBe(0);
      expect(run.stdout).toMatch(/^conformant: 2 rules pass/m);
    }
    const pkg = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'));
    writeFileSync(join(host, 'package.json'), JSON.stringify({ ...pkg, type: 'module' }, null, 2));
    const typed = inHost(host, 'npx', ['im-conformance', 'run', '--adapter', './typed.ts', '--rules', 'switch.*']);
    expect(typed.status, output(typed)).toBe(0);
    expect(typed.stdout).toMatch(/adapter typed /);
  });
});
