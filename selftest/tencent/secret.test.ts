// TENCENT_SECRETKEY never reaches a report. A real run (the CLI, as a user starts it) with an
// adapter that reads the key through the tencent credentials and puts it into the error every
// login throws; then every file the run wrote is searched for the key. The test can fail: each
// report shows "[redacted]" exactly where the key was, so without redaction the key would be there.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redact, REDACTED, secretValues } from '../../cli/report/redact.ts';
import { runCli, type CliRun } from '../run-cli.ts';

const KEY = 'tencent-secret-key-3f9b1c7e5a2d8046';
const LEAK = `TENCENT_SECRETKEY=${REDACTED}`;

/** Every file under `dir` (relative path → text) that contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => readFileSync(path, 'utf8').includes(needle))
    .map((path) => relative(dir, path))
    .sort();
}

describe('TENCENT_SECRETKEY in a run', () => {
  let run: CliRun | undefined;
  afterAll(() => {
    if (run) rmSync(run.out, { recursive: true, force: true });
  });

  it('is in no file the run writes, nor in its output, though the adapter put it into every failure', async () => {
    run = await runCli(['run', '--adapter', './selftest/tencent/secret-leaky-adapter.ts', '--rules', 'ticket.valid,ticket.empty'], {
      env: { TENCENT_SDKAPPID: '1400000003', TENCENT_SECRETKEY: KEY },
      keep: true,
    });
    expect(run.code).toBe(1);
    expect(run.report.rules.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['ticket.valid', 'ticket.empty']);

    const written = filesContaining(run.out, '');
    expect(written).toEqual(expect.arrayContaining(['conformance.json', 'summary.md', 'index.html', 'junit.xml']));
    expect(written.some((f) => f.startsWith('allure-results/'))).toBe(true);
    expect(filesContaining(run.out, KEY)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(KEY);

    // Where the key was: every kind of report, and the console.
    const redacted = filesContaining(run.out, LEAK);
    expect(redacted).toEqual(expect.arrayContaining(['conformance.json', 'summary.md', 'index.html', 'junit.xml']));
    expect(redacted.some((f) => /^allure-results\/.*-result\.json$/.test(f))).toBe(true);
    expect(run.stdout).toContain(LEAK);
  });

  it('the search finds the key when it is there (the check above could fail)', () => {
    expect(run).toBeDefined();
    const planted = join(run!.out, 'allure-results', 'planted-attachment.txt');
    writeFileSync(planted, `trace: login signed with ${KEY}\n`);
    expect(filesContaining(run!.out, KEY)).toEqual(['allure-results/planted-attachment.txt']);
  });

  it('redaction is what keeps it out: the key is a secret by its variable name, and without that it stays', () => {
    const message = `UserSig refused; signed with TENCENT_SECRETKEY=${KEY}`;
    expect(secretValues({ TENCENT_SECRETKEY: KEY, TENCENT_SDKAPPID: '1400000003' })).toEqual([KEY]);
    expect(redact(message, secretValues({ TENCENT_SECRETKEY: KEY }))).toBe(`UserSig refused; signed with ${LEAK}`);
    expect(redact(message, secretValues({}))).toContain(KEY);
  });
});
