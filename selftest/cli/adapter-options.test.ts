// An adapter's own options (adapters/options.ts): listed by `run --adapter X --help`, taken from
// the command line or the environment, parsed once, and received by start() in every spec worker.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAdapter } from '../../adapters/contract.ts';
import { resolveAdapterOptions } from '../../adapters/options.ts';
import reference from '../../adapters/reference/index.ts';
import { main } from '../../cli/main.ts';
import { runCli } from '../run-cli.ts';

const adapter = defineAdapter({
  ...reference,
  name: 'configurable',
  options: [
    { name: 'region', env: 'X_REGION', description: 'where', parse: z.enum(['eu', 'us']) },
    { name: 'key', env: 'X_KEY', secret: true, required: true, description: 'the key' },
  ],
});

describe('adapter options', () => {
  it('a flag wins over the environment; the environment fills in; a zod schema parses', () => {
    expect(resolveAdapterOptions(adapter, { region: 'eu' }, { X_REGION: 'us', X_KEY: 'k' })).toEqual({ values: { region: 'eu', key: 'k' }, env: { X_REGION: 'eu', X_KEY: 'k' } });
    expect(resolveAdapterOptions(adapter, {}, { X_REGION: 'us', X_KEY: 'k' }).values).toEqual({ region: 'us', key: 'k' });
    expect(() => resolveAdapterOptions(adapter, { region: 'mars' }, { X_KEY: 'k' })).toThrow(/^--region: Invalid option: expected one of "eu"\|"us"$/);
    expect(() => resolveAdapterOptions(adapter, {}, { X_REGION: 'mars', X_KEY: 'k' })).toThrow(/^X_REGION: /);
    expect(() => resolveAdapterOptions(adapter, {}, {})).toThrow('adapter configurable needs X_KEY: the key');
  });

  it('run --adapter X --help lists them, a secret as environment only', async () => {
    let out = '';
    const code = await main(['run', '--adapter', 'adapters/tencent/offline.ts', '--help'], { out: (t) => void (out += t), err: () => {} });
    expect(code).toBe(0);
    expect(out).toContain('adapter @tencentcloud/chat (offline double) takes no options of its own');
    out = '';
    await main(['run', '--adapter', 'selftest/cli/fixtures/with-options.ts', '--help'], { out: (t) => void (out += t), err: () => {} });
    expect(out).toMatch(/^options of adapter reference \(with options\):\n {2}--greeting VALUE +a word start\(\) must receive, upper-cased \(or \$IMC_TEST_GREETING\), required\n/m);
    expect(out).toMatch(/^ {2}\$IMC_TEST_TOKEN +a secret \(environment only\)$/m);
  });

  it('start() receives the parsed values in every spec worker, from the command line', async () => {
    const { code, report, stdout } = await runCli(['run', '--adapter', 'selftest/cli/fixtures/with-options.ts', '--greeting', 'hello', '--rules', 'user-id.*,switch.*'], { env: { IMC_TEST_GREETING: '' } });
    expect(code, stdout).toBe(0);
    expect(report.rules.map((r) => r.status)).toEqual(Array(7).fill('pass'));
  });
});
