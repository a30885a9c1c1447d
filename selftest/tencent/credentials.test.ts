// The tencent adapter's credentials: read from the environment only, refused with the names of
// what is missing (the CLI exits 2 before anything starts), never shown; UserSig tickets signed
// with them, byte for byte those of the official tls-sig-api-v2 package.
import { spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import pkg from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import { decodeTicket, verifyTicket } from '../../adapters/reference/tls-sig.ts';
import { readTencentCredentials, TencentCredentialsError } from '../../adapters/tencent/credentials.ts';
import { tencentRestBaseUrl } from '../../adapters/tencent/regions.ts';
import { tencentUserSig } from '../../adapters/tencent/usersig.ts';

const KEY = 'credentials-test-key-0d9c2e7f41aa';
const ENV = { TENCENT_SDKAPPID: '1400000002', TENCENT_SECRETKEY: KEY };

describe('readTencentCredentials', () => {
  it('reads the SDKAppID and key, with the admin "administrator" and the region china by default', () => {
    const c = readTencentCredentials(ENV);
    expect({ ...c }).toEqual({ sdkAppId: 1400000002, admin: 'administrator', region: 'china', restBaseUrl: 'https://console.tim.qq.com' });
    expect(c.secretKey).toBe(KEY);
    const set = readTencentCredentials({ ...ENV, TENCENT_ADMIN: 'ops', TENCENT_REGION: 'Jakarta' });
    expect([set.admin, set.restBaseUrl]).toEqual(['ops', 'https://adminapiidn.im.qcloud.com']);
    expect(readTencentCredentials({ ...ENV, TENCENT_REGION: 'http://127.0.0.1:8080/' }).restBaseUrl).toBe('http://127.0.0.1:8080');
  });

  it.each([
    [{}, 'TENCENT_SDKAPPID, TENCENT_SECRETKEY'],
    [{ TENCENT_SDKAPPID: '1400000002' }, 'TENCENT_SECRETKEY'],
    [{ TENCENT_SECRETKEY: KEY }, 'TENCENT_SDKAPPID'],
    [{ TENCENT_SDKAPPID: '1400000002', TENCENT_SECRETKEY: '  ' }, 'TENCENT_SECRETKEY'],
  ])('names exactly the missing variables (%j)', (env, missing) => {
    expect(() => readTencentCredentials(env)).toThrow(new TencentCredentialsError(`--adapter tencent needs TENCENT_SDKAPPID, TENCENT_SECRETKEY in the environment (missing: ${missing})`));
  });

  it('refuses a malformed SDKAppID or an unknown region, naming the variable and the known regions', () => {
    expect(() => readTencentCredentials({ ...ENV, TENCENT_SDKAPPID: '14e8' })).toThrow(/^TENCENT_SDKAPPID must be the app's SDKAppID \(a positive integer\), got "14e8"$/);
    expect(() => readTencentCredentials({ ...ENV, TENCENT_REGION: 'mars' })).toThrow(
      'TENCENT_REGION: unknown Tencent region "mars": expected one of china, singapore, seoul, tokyo, frankfurt, mumbai, silicon-valley, jakarta (or the https:// URL of a Tencent-compatible server; http:// only to this machine)',
    );
    expect(() => tencentRestBaseUrl('constructor')).toThrow(/unknown Tencent region/);
    expect(() => tencentRestBaseUrl('http://admin.example.com')).toThrow(/http:\/\/ only to this machine/); // the admin UserSig would travel in clear
  });

  it('does not show the key when logged or serialised', () => {
    const c = readTencentCredentials(ENV);
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(inspect(c, { depth: 5 })).not.toContain(KEY);
    expect(`${Object.values(c).join(' ')}`).not.toContain(KEY);
  });
});

describe('tencentUserSig', () => {
  const c = readTencentCredentials(ENV);

  it('is byte for byte the official package\'s ticket', () => {
    const official = new pkg.Api(c.sdkAppId, KEY).genUserSig('alice', 86_400);
    const doc = decodeTicket(official)!;
    expect(tencentUserSig(c, 'alice', { nowSeconds: doc['TLS.time'] })).toBe(official);
  });

  it('is for the admin by default; wrong-key and other-app tickets are refused as such', () => {
    const now = 1_800_000_000;
    const verify = (sig: string, userId = 'administrator') => verifyTicket(sig, { sdkAppId: c.sdkAppId, key: KEY, userId, nowSeconds: now });
    expect(verify(tencentUserSig(c, undefined, { nowSeconds: now }))).toEqual({ ok: true, expiresAtSeconds: now + 86_400 });
    expect(verify(tencentUserSig(c, 'bob', { nowSeconds: now, ttlSeconds: 60 }), 'bob')).toEqual({ ok: true, expiresAtSeconds: now + 60 });
    expect(verify(tencentUserSig(c, undefined, { nowSeconds: now, signWith: 'wrong-key' }))).toEqual({ ok: false, reason: 'invalid' });
    expect(verify(tencentUserSig(c, undefined, { nowSeconds: now, signWith: 'other-app' }))).toEqual({ ok: false, reason: 'app-mismatch' });
  });
});

describe('im-conformance run --adapter tencent: the credential gate', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  /** The CLI as a subprocess, with no TENCENT_* variable but those given. */
  const cli = (args: string[], env: Record<string, string> = {}) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TENCENT_')));
    const r = spawnSync(process.execPath, ['bin/im-conformance.js', ...args], { cwd: root, encoding: 'utf8', env: { ...base, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('exits 2 with one line naming the missing variables, before anything starts', () => {
    const r = cli(['run', '--adapter', 'tencent', '--rules', 'ticket'], { TENCENT_SDKAPPID: '1400000002' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("im-conformance: adapter @tencentcloud/chat needs TENCENT_SECRETKEY: the app's secret key, which signs every UserSig\n");
  });

  it('--list is refused the same way (nothing runs without the credentials)', () => {
    const r = cli(['run', '--adapter', 'tencent', '--list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --tencent-sdkappid or TENCENT_SDKAPPID, TENCENT_SECRETKEY: /);
  });

  it('an unknown --tencent-region exits 2 listing the known ones, and never prints the key', () => {
    const r = cli(['run', '--adapter', 'tencent', '--tencent-region', 'mars'], { ...ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('im-conformance: --tencent-region: unknown Tencent region "mars": expected one of china, singapore, seoul, tokyo, frankfurt, mumbai, silicon-valley, jakarta (or the https:// URL of a Tencent-compatible server; http:// only to this machine)\n');
    const bad = cli(['run', '--adapter', 'tencent'], { ...ENV, TENCENT_SDKAPPID: 'app' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^im-conformance: TENCENT_SDKAPPID: must be the app's SDKAppID/);
    expect(r.stderr + bad.stderr).not.toContain(KEY);
  });
});
