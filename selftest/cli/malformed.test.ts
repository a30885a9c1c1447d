// Malformed requests the other CLI tests do not cover (selftest/cli/cli.test.ts has the rest):
// bad numbers, files that are missing or malformed, outputs that cannot be written. Each exits 2
// with exactly one line, before anything runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { PROJECT_ROOT } from '../run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'imc-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const notJson = file('not-json.json', '{"rules": ');
const unknownRule = file('unknown-rule.json', JSON.stringify({ rules: { 'user-id.nope': { status: 'fail', reason: 'x' } } }));
const badStatus = file('bad-status.json', JSON.stringify({ rules: { 'user-id.empty': { status: 'maybe', reason: 'x' } } }));
const aFile = file('a-file', 'not a directory');
const run = (...args: string[]) => ['run', '--adapter', 'reference', ...args];
const withOptions = join(PROJECT_ROOT, 'selftest/cli/fixtures/with-options.ts');

const CASES: [what: string, args: string[], message: string | RegExp][] = [
  ['a negative --runs', run('--runs', '-1'), '--runs must be a positive integer, got "-1"'],
  ['a --timeout that is not a number', run('--timeout', 'abc'), '--timeout must be a positive integer, got "abc"'],
  ['a negative --timeout', run('--timeout', '-5'), '--timeout must be a positive integer, got "-5"'],
  ['a --timeout no timer can wait', run('--timeout', '3000000000'), 'the per-call deadline must be at most 86400000 ms (one day), got 3000000000 ms from --timeout 3000000000'],
  ['a --timeout-multiplier beyond that', run('--timeout-multiplier', '1000000'), 'the per-call deadline must be at most 86400000 ms (one day), got 5000000000 ms from --timeout 5000 × --timeout-multiplier 1000000'],
  ['a --seed that is not an integer', run('--seed', '1.5'), '--seed must be an integer, got "1.5"'],
  ['a --repeat that is not a number', run('--repeat', 'abc'), '--repeat must be a positive integer, got "abc"'],
  ['a --shard whose index is past its total', run('--shard', '3/2'), '--shard must be I/N with 1 <= I <= N (e.g. 2/3), got "3/2"'],
  ['a --latency that is not a number', run('--latency', 'abc'), '--latency must be a number of milliseconds from 0 to 60000, got "abc"'],
  ['a --latency over a minute', run('--latency', '60001'), '--latency must be a number of milliseconds from 0 to 60000, got "60001"'],
  ['a negative --jitter', run('--latency', '50', '--jitter', '-1'), '--jitter must be a number of milliseconds from 0 to 60000, got "-1"'],
  ['a --jitter without --latency', run('--jitter', '10'), '--jitter goes with --latency (the one-way delay it varies)'],
  ['a --latency for an adapter without network faults', ['run', '--adapter', 'adapters/tencent/offline.ts', '--latency', '50'], '--latency and --jitter need an adapter that declares "network-faults"; @tencentcloud/chat (offline double) does not'],
  ['a --budget that is not NAME=N', run('--budget', 'accounts:100'), '--budget must be NAME=N[,NAME=N…] with NAME one of deployments, instances, logins, accounts, server-calls, logins-per-minute and N a whole number, got "accounts:100"'],
  ['a --budget naming no figure', run('--budget', 'users=100'), '--budget must be NAME=N[,NAME=N…] with NAME one of deployments, instances, logins, accounts, server-calls, logins-per-minute and N a whole number, got "users=100"'],
  ['a --budget too small to test anything', run('--budget', 'accounts=100,logins=2'), 'the budget logins=2 is too small to test anything: the calibration alone uses logins=3, and every spec more'],
  ['a flag without its value', run('--rules'), `Option '--rules <value>' argument missing (see "im-conformance --help")`],
  ['an adapter path that does not exist', ['run', '--adapter', './no-such-adapter.ts'], /^unknown adapter "\.\/no-such-adapter\.ts": not a built-in \(reference, remote, .*mutant:NAME\) and no such file$/],
  ['a baseline that is not JSON', run('--baseline', notJson), new RegExp(`^baseline ${notJson}: not JSON: `)],
  ['a baseline naming a rule not in the catalog', run('--baseline', unknownRule), `baseline ${unknownRule}: "user-id.nope" is not a rule of the catalog (see "im-conformance rules")`],
  ['a baseline with a status that is none', run('--baseline', badStatus), new RegExp(`^baseline ${badStatus}: rules\\.user-id\\.empty\\.status: .*\\(schema Baseline in cli/report/baseline\\.ts\\)$`)],
  ['an --out that is a file', run('--out', aFile), `--out ${aFile}: ${aFile} is a file, not a directory`],
  ['an --out inside a file', run('--out', join(aFile, 'reports')), `--out ${join(aFile, 'reports')}: ${aFile} is a file, not a directory`],
  ['a --write-baseline in a directory that does not exist', run('--write-baseline', join(dir, 'nowhere', 'b.json')), `--write-baseline ${join(dir, 'nowhere', 'b.json')}: there is no directory ${join(dir, 'nowhere')} to write it in`],
  ['a --write-baseline that is a directory', run('--write-baseline', dir), `--write-baseline ${dir} is a directory, not a file`],
  ['an option no adapter of the run declares', run('--tencent-region', 'mars'), 'unknown option --tencent-region: adapter reference takes no options of its own (see "im-conformance run --adapter ... --help")'],
  ['an option of the adapter without its value', run('--greeting'), 'option --greeting needs a value (see "im-conformance run --adapter ... --help")'],
  ['an adapter option its adapter refuses', ['run', '--adapter', withOptions, '--greeting', 'hi', '--shards', 'x'], '--shards: must be a whole number, got "x"'],
  ['a required adapter option left out', ['run', '--adapter', withOptions], 'adapter reference (with options) needs --greeting or IMC_TEST_GREETING: a word start() must receive, upper-cased'],
  ['a secret adapter option on the command line', ['run', '--adapter', withOptions, '--greeting', 'hi', '--token', 's3cret'], '--token is a secret: give it in the environment as IMC_TEST_TOKEN, never on the command line'],
  ['compare of a file that is not JSON', ['compare', notJson, notJson], new RegExp(`^${notJson} is not JSON: `)],
  ['replay of a report that does not exist', ['replay', join(dir, 'nope.json'), 'user-id.empty'], `cannot read ${join(dir, 'nope.json')}: no such file`],
];

describe('malformed requests exit 2 with one line naming the problem', () => {
  it.each(CASES)('%s', async (_what, args, message) => {
    let out = '';
    let err = '';
    const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
    expect(code, err).toBe(2);
    expect(out).toBe('');
    expect(err.endsWith('\n') && err.split('\n').length).toBe(2); // exactly one line
    const line = err.trimEnd();
    expect(line.startsWith('im-conformance: '), line).toBe(true);
    const text = line.slice('im-conformance: '.length);
    if (typeof message === 'string') expect(text).toBe(message);
    else expect(text).toMatch(message);
  });

  it('a --driver-cmd that does not exist (the driver is started, so in a subprocess)', () => {
    const r = spawnSync(process.execPath, ['bin/im-conformance.js', 'run', '--driver-cmd', '/no/such/driver', '--rules', 'user-id.empty', '--out', join(dir, 'out')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(/^im-conformance: the driver command ended \(code 127\) before printing "listening ws:\/\/HOST:PORT": \/no\/such\/driver \(its last output: .*not found\)$/);
  });

  it('a --driver-cmd whose driver dies before the suite connects: the line says it died, how, and its last output', () => {
    const command = 'echo listening ws://127.0.0.1:9; echo bye >&2; exit 3';
    const r = spawnSync(process.execPath, ['bin/im-conformance.js', 'run', '--driver-cmd', command, '--rules', 'user-id.empty', '--out', join(dir, 'out')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toBe(`im-conformance: the driver at ws://127.0.0.1:9 cannot be used: cannot connect (connect ECONNREFUSED 127.0.0.1:9); the driver process had ended (code 3): ${command} (its last output: listening ws://127.0.0.1:9 | bye)`);
  });

  it('a negative number after a flag is its value, not a flag: a negative --seed is accepted', async () => {
    let out = '';
    const code = await main(run('--seed', '-5', '--rules', 'user-id.empty', '--list'), { out: (t) => void (out += t), err: () => {} });
    expect(code).toBe(0);
    expect(out).toContain('user-id.empty');
  });
});
