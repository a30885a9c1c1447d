// The command line of the remote path: driver flags refused with one line (exit 2), the
// driver protocol's JSON Schema, `init-adapter`, and the guide's minimal adapter, which must
// be under 80 lines, type-check and pass the suite.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../adapters/contract.ts';
import { driverJsonSchemaText } from '../../adapters/remote/json-schema.ts';
import { METHOD_NAMES, PROTOCOL_VERSION } from '../../adapters/remote/protocol.ts';
import { CATALOG } from '../../specs/catalog.ts';
import { PROJECT_ROOT, runCli, runMain } from '../run-cli.ts';
import { fakeDriver } from './fake-driver.ts';

const dir = mkdtempSync(join(tmpdir(), 'imc-remote-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('refused requests exit 2 with one line', () => {
  // Through main() in-process: each is refused before a run starts (the CLI as a subprocess
  // refusing is selftest/cli/cli.test.ts's).
  const refused = async (args: string[], message: RegExp) => {
    const r = await runMain(args);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^im-conformance: /);
    expect(r.stderr).toMatch(message);
  };

  it.concurrent('remote without a driver', () => refused(['run', '--adapter', 'remote'], /--adapter remote needs a driver: --driver ws:\/\/HOST:PORT/));
  it.concurrent('a driver flag with another adapter', () => refused(['run', '--adapter', 'reference', '--driver', 'ws://127.0.0.1:1'], /--driver, --driver-cmd and --driver-listen go with --adapter remote/));
  it.concurrent('a driver to dial with one to start or to wait for', async () => {
    await refused(['run', '--driver', 'ws://127.0.0.1:1', '--driver-cmd', 'true'], /--driver URL dials a running driver: give it alone/);
    await refused(['run', '--driver', 'ws://127.0.0.1:1', '--driver-listen', '0'], /--driver URL dials a running driver: give it alone/);
  });
  it.concurrent('a place to listen that is not one', () => refused(['run', '--driver-listen', 'localhost'], /--driver-listen must be PORT or HOST:PORT \(0 for any free port\), got "localhost"/));
  it.concurrent('a wait without a place to listen', () => refused(['run', '--driver-cmd', 'true', '--driver-wait', '100'], /--driver-wait goes with --driver-listen/));
  it.concurrent('a driver URL that is not one', () => refused(['run', '--driver', 'localhost:8765'], /--driver must be a WebSocket URL like ws:\/\/127\.0\.0\.1:PORT, got "localhost:8765"/));
  it.concurrent('a timeout multiplier that is not a positive number', () => refused(['run', '--adapter', 'reference', '--timeout-multiplier', '0'], /--timeout-multiplier must be a positive number, got "0"/));
  it.concurrent('a driver nobody listens at', () => refused(['run', '--driver', 'ws://127.0.0.1:9'], /the driver at ws:\/\/127\.0\.0\.1:9 cannot be used: cannot connect \(connect ECONNREFUSED/));
  it.concurrent('a driver command that ends before it listens, with its last output', () =>
    refused(['run', '--driver-cmd', 'echo starting; echo no SDK found >&2; exit 3'], /the driver command ended \(code 3\) before printing "listening ws:\/\/HOST:PORT": echo starting.*\(its last output: starting \| no SDK found\)/));
  // Dial-in: the suite says where it waits (one line), then refuses with one more.
  const refusedAfterWaiting = async (args: string[], message: RegExp) => {
    const r = await runMain(args);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^im-conformance: waiting up to \d+ ms for a driver to dial in to ws:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(message);
  };
  it.concurrent('a dial-in driver that never connects, within --driver-wait', () =>
    refusedAfterWaiting(['run', '--driver-listen', '0', '--driver-wait', '300'], /^im-conformance: no driver connected to ws:\/\/127\.0\.0\.1:\d+ within 300 ms \(--driver-wait\)$/));
  it.concurrent('a dial-in driver command that ends before it connects, with how and its last output', () =>
    refusedAfterWaiting(['run', '--driver-listen', '0', '--driver-cmd', 'echo "dialing $IMC_DRIVER_URL"; exit 3'], /^im-conformance: the driver command ended \(code 3\) before dialing in to ws:\/\/127\.0\.0\.1:(\d+): echo .*\(its last output: dialing ws:\/\/127\.0\.0\.1:\1\)$/));
  it.concurrent('a driver of another protocol version, naming both', async () => {
    const driver = await fakeDriver(() => {}, { handshake: { protocol: PROTOCOL_VERSION + 1 } });
    try {
      await refused(['run', '--driver', driver.url], new RegExp(`cannot be used: it speaks driver protocol ${PROTOCOL_VERSION + 1}, this suite speaks ${PROTOCOL_VERSION}`));
    } finally {
      await driver.close();
    }
  });
});

describe('driver-schema', () => {
  it('prints the protocol as JSON Schema, the same as docs/driver-protocol.schema.json, and writes it with --out', async () => {
    const out = join(dir, 'schema.json');
    const [printed, written] = await Promise.all([runMain(['driver-schema']), runMain(['driver-schema', '--out', out])]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(driverJsonSchemaText());
    expect(readFileSync(join(PROJECT_ROOT, 'docs/driver-protocol.schema.json'), 'utf8'), 'docs/driver-protocol.schema.json is stale: npx im-conformance driver-schema --out docs/driver-protocol.schema.json').toBe(printed.stdout);
    expect(written.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
    const doc = JSON.parse(printed.stdout) as { $schema: string; 'x-protocol-version': number; 'x-methods': Record<string, { request: string; response: string }>; $defs: Record<string, unknown> };
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(doc['x-protocol-version']).toBe(PROTOCOL_VERSION);
    expect(Object.keys(doc['x-methods'])).toEqual(METHOD_NAMES);
    for (const [method, { request, response }] of Object.entries(doc['x-methods'])) {
      expect(request).toBe(`#/$defs/${method}.request`);
      expect(doc.$defs[`${method}.request`]).toBeDefined();
      expect(doc.$defs[`${method}.response`], response).toBeDefined();
    }
    expect(doc.$defs.EventNotification).toBeDefined();
  });
});

/** Type-checks files with the project's compiler options (one tsc run). */
function typecheck(files: string[]): Promise<{ code: number | null; output: string }> {
  const config = join(dir, `tsconfig-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    config,
    JSON.stringify({ extends: join(PROJECT_ROOT, 'tsconfig.json'), compilerOptions: { typeRoots: [join(PROJECT_ROOT, 'node_modules/@types')] }, include: files }),
  );
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', config], { cwd: dir });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('init-adapter', () => {
  it('writes a skeleton adapter that type-checks, and never overwrites a file', async () => {
    const file = join(dir, 'skeleton', 'my-sdk.ts');
    const first = await runMain(['init-adapter', 'my-sdk', '--out', file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^wrote .*my-sdk\.ts: fill in its TODOs, then run: npx im-conformance run --adapter /);
    const skeleton = readFileSync(file, 'utf8');
    expect(skeleton).toContain("name: 'my-sdk'");
    writeFileSync(join(dir, 'skeleton', 'package.json'), '{"type":"module"}');
    const checked = await typecheck([file]);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
    const again = await runMain(['init-adapter', 'my-sdk', '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/will not overwrite/);
    expect(readFileSync(file, 'utf8')).toBe(skeleton);
    const nameless = await runMain(['init-adapter']);
    expect(nameless.code).toBe(2);
  });
});

describe('the guide, docs/writing-an-adapter.md', () => {
  const guide = readFileSync(join(PROJECT_ROOT, 'docs/writing-an-adapter.md'), 'utf8');

  it('lists, for each capability, exactly the catalog rules that need it', () => {
    for (const capability of CAPABILITIES) {
      const row = guide.split('\n').find((line) => line.startsWith(`| \`${capability}\` |`));
      expect(row, `no row for ${capability}`).toBeDefined();
      const listed = [...(row!.split('|').at(-2) ?? '').matchAll(/`([a-z0-9.-]+)`/g)].map((m) => m[1]);
      const needed = CATALOG.filter((r) => r.capabilities.includes(capability)).map((r) => r.id);
      expect(listed.sort(), `the guide's rules for "${capability}" differ from specs/catalog.ts`).toEqual(needed.sort());
    }
  });

  it('has a complete minimal adapter under 80 lines that type-checks and passes the suite', async () => {
    const code = /<!-- minimal-adapter[^>]*-->\n```ts\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(code).toBeDefined();
    expect(code!.split('\n').length).toBeLessThan(80);
    const home = join(dir, 'minimal');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'package.json'), '{"type":"module"}');
    const file = join(home, 'minimal.ts');
    // In this checkout the package's entries are its sources (selftest/package/ installs the package itself).
    const root = PROJECT_ROOT.replace(/\/$/, '');
    writeFileSync(file, code!.replaceAll("'im-conformance/reference'", `'${root}/adapters/reference/index.ts'`).replaceAll("'im-conformance'", `'${root}/adapters/contract.ts'`));
    expect(existsSync(file)).toBe(true);
    const [checked, run] = await Promise.all([typecheck([file]), runCli(['run', '--adapter', file, '--rules', 'user-id.max-bytes,gating.*,signup.*,ticket.*,switch.*'])]);
    expect(checked.output).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.report.rules.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual(
      CATALOG.filter((r) => run.report.rules.some((x) => x.id === r.id) && r.capabilities.some((c) => c !== 'virtual-clock' && c !== 'accounts')).map((r) => r.id),
    );
  }, 180_000);
});
