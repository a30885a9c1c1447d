// The Tencent REST admin API part of the tencent adapter, against a fake of the documented API
// (msw-tencent.ts). msw answers every request; one it has no handler for is an error, so no
// test ever reaches the network.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountCheckResponse, API, fetchTransport, RATE_LIMIT_CODES, RestAdminAuthError, RestAdminError, type RetryOptions } from '../../adapters/rest-admin/client.ts';
import { instancesFromDetail } from '../../adapters/rest-admin/platforms.ts';
import { readTencentCredentials } from '../../adapters/tencent/credentials.ts';
import { TENCENT_REGIONS } from '../../adapters/tencent/regions.ts';
import { ADMIN_SIG_TTL_SECONDS, tencentRestAdmin, type TencentRestOptions } from '../../adapters/tencent/rest.ts';
import { checkUserSig, fakeTencent, TENCENT, type FakeTencentOptions } from './msw-tencent.ts';

const KEY = 'msw-test-key-5f1e0c9a7b3d';
const NOW = 1_800_000_000;
const SDKAPPID = 1_400_000_001;
const credentials = readTencentCredentials({ TENCENT_SDKAPPID: String(SDKAPPID), TENCENT_SECRETKEY: KEY, TENCENT_REGION: 'singapore' });

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

/** A fake service in Singapore (unless told) and a client of it whose waits are recorded, not waited. */
function setup(fake: Partial<FakeTencentOptions> = {}, client: TencentRestOptions = {}) {
  const service = fakeTencent({ host: TENCENT_REGIONS.singapore, sdkAppId: SDKAPPID, secretKey: KEY, nowSeconds: NOW, ...fake });
  msw.use(...service.handlers);
  const waits: number[] = [];
  const retry: RetryOptions = { delay: async (ms) => void waits.push(ms), ...client.retry };
  const rest = tencentRestAdmin(credentials, { transport: fetchTransport(), nowSeconds: () => NOW, ...client, retry });
  return { service, rest, waits };
}

const ids = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const failure = (call: Promise<unknown>) => call.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e);

describe('tencent REST: requests', () => {
  it('POSTs to the region host with sdkappid, the admin identifier, a usersig the app key verifies, a 32-bit random and contenttype=json', async () => {
    const { service, rest } = setup();
    await rest.kick('administrator');
    const [seen] = service.requests;
    expect(seen?.command).toBe('kick');
    expect(Object.keys(seen?.query ?? {}).sort()).toEqual(['contenttype', 'identifier', 'random', 'sdkappid', 'usersig']);
    expect(seen?.query).toMatchObject({ sdkappid: String(SDKAPPID), identifier: 'administrator', contenttype: 'json' });
    expect(Number(seen?.query.random)).toBeLessThanOrEqual(0xffff_ffff);
    expect(checkUserSig(seen!.query.usersig!, { identifier: 'administrator', sdkAppId: SDKAPPID, secretKey: KEY, nowSeconds: NOW })).toBe(0);
    // Short-lived, since it travels in a URL.
    expect(checkUserSig(seen!.query.usersig!, { identifier: 'administrator', sdkAppId: SDKAPPID, secretKey: KEY, nowSeconds: NOW + ADMIN_SIG_TTL_SECONDS })).toBe(TENCENT.sigExpired);
  });

  it('goes to the host of the region asked for', async () => {
    const { service, rest } = setup({ host: TENCENT_REGIONS.frankfurt }, { region: 'Frankfurt' });
    await rest.accountImport('alice');
    expect(service.requests.map((r) => r.command)).toEqual(['account_import']);
    expect(() => tencentRestAdmin(credentials, { region: 'atlantis' })).toThrow(/unknown Tencent region "atlantis": expected one of china, singapore, seoul, tokyo, frankfurt, mumbai, silicon-valley, jakarta/);
  });

  it('a request msw has no handler for fails instead of reaching the network', async () => {
    setup(); // Singapore only
    const rest = tencentRestAdmin(credentials, { region: 'china', transport: fetchTransport() });
    const error = (await failure(rest.kick('alice'))) as Error;
    // msw's refusal ("Cannot bypass a request when using the error strategy"), not a DNS or socket error.
    expect(String((error.cause as Error | undefined)?.message ?? error.message)).toMatch(/Cannot bypass a request/);
  });

  it('the default transport (node:https) is intercepted too', async () => {
    const { service } = setup();
    const rest = tencentRestAdmin(credentials, { nowSeconds: () => NOW });
    await rest.accountImport('alice');
    expect(service.accounts.has('alice')).toBe(true);
  });
});

describe('tencent REST: accounts and online state', () => {
  it('imports, checks and deletes accounts; deleting an unknown one answers 70107 for that item only', async () => {
    const { rest } = setup();
    await rest.accountImport('alice', { nick: 'Alice' });
    expect((await rest.accountCheck(['alice', 'bob'])).map((i) => [i.UserID, i.AccountStatus])).toEqual([
      ['alice', 'Imported'],
      ['bob', 'NotImported'],
    ]);
    expect((await rest.accountDelete(['alice', 'bob'])).map((i) => [i.UserID, i.ResultCode])).toEqual([
      ['alice', 0],
      ['bob', TENCENT.accountNotFound],
    ]);
    expect((await rest.accountCheck(['alice']))[0]?.AccountStatus).toBe('NotImported');
  });

  it('kick ends the sessions of an account, and refuses an unknown one with 70107 (not a credentials error)', async () => {
    const { rest, service } = setup({ accounts: ['alice'], online: { alice: [{ Platform: 'Web', Status: 'Online' }] } });
    await rest.kick('alice');
    expect(service.online.has('alice')).toBe(false);
    const error = await failure(rest.kick('nobody'));
    expect(error).toBeInstanceOf(RestAdminError);
    expect(error).not.toBeInstanceOf(RestAdminAuthError);
    expect(error).toMatchObject({ errorCode: TENCENT.accountNotFound });
  });

  it('query_online_status: per-platform details, unknown accounts in the error list', async () => {
    const { rest } = setup({
      accounts: ['alice', 'bob'],
      online: { alice: [{ Platform: 'iPhone', Status: 'PushOnline' }, { Platform: 'Web', Status: 'Online' }] },
    });
    const { results, errors } = await rest.queryOnlineStatus(['alice', 'bob', 'carol']);
    expect(results.map((r) => [r.To_Account, r.Status])).toEqual([
      ['alice', 'Online'],
      ['bob', 'Offline'],
    ]);
    expect(instancesFromDetail(results[0]!)).toEqual([
      { platform: 'iphone', instances: 1 },
      { platform: 'web', instances: 1 },
    ]);
    expect(errors).toEqual([{ To_Account: 'carol', ErrorCode: TENCENT.accountNotFound }]);
  });
});

describe('tencent REST: batching', () => {
  it('250 accounts in account_check are 3 requests of 100, 100 and 50, answered in order', async () => {
    const accounts = ids(250).filter((_, i) => i % 3 === 0);
    const { rest, service } = setup({ accounts });
    const items = await rest.accountCheck(ids(250));
    expect(service.requests.map((r) => (r.body as { CheckItem: unknown[] }).CheckItem.length)).toEqual([100, 100, 50]);
    expect(items.map((i) => i.UserID)).toEqual(ids(250));
    expect(items.filter((i) => i.AccountStatus === 'Imported').map((i) => i.UserID)).toEqual(accounts);
  });

  it('1,200 accounts in query_online_status are 3 requests of 500, 500 and 200, results and errors joined in order', async () => {
    const known = ids(1200).filter((_, i) => i % 2 === 0);
    const { rest, service } = setup({ accounts: known });
    const { results, errors } = await rest.queryOnlineStatus(ids(1200));
    expect(service.requests.map((r) => (r.body as { To_Account: unknown[] }).To_Account.length)).toEqual([500, 500, 200]);
    expect(results.map((r) => r.To_Account)).toEqual(known);
    expect(errors.map((e) => e.To_Account)).toEqual(ids(1200).filter((_, i) => i % 2 === 1));
  });

  it('the fake refuses a batch over the documented limit (so the split above is needed)', async () => {
    const { rest } = setup();
    const error = await failure(rest.post(API.accountCheck, { CheckItem: ids(101).map((UserID) => ({ UserID })) }, AccountCheckResponse));
    expect(error).toMatchObject({ errorCode: TENCENT.invalidCount });
  });

  it('an empty list sends nothing', async () => {
    const { rest, service } = setup();
    expect(await rest.accountCheck([])).toEqual([]);
    expect(await rest.queryOnlineStatus([])).toEqual({ results: [], errors: [] });
    expect(service.requests).toEqual([]);
  });
});

describe('tencent REST: rate limits', () => {
  it.each([...RATE_LIMIT_CODES])('ErrorCode %i for the first 3 requests: retried after 1 s, 2 s, 4 s, then the answer', async (code) => {
    const { rest, service, waits } = setup({ accounts: ['alice'], rateLimit: { count: 3, code } });
    expect((await rest.accountCheck(['alice']))[0]?.AccountStatus).toBe('Imported');
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(service.requests).toHaveLength(4);
  });

  it('gives up after 6 tries with an error that says so', async () => {
    const { rest, service, waits } = setup({ rateLimit: { count: 100 } });
    const error = await failure(rest.kick('alice'));
    expect(String(error)).toMatch(/^RestAdminError: v4\/im_open_login_svc\/kick failed with ErrorCode 60007: .*\(still rate-limited after 6 tries\)$/);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(service.requests).toHaveLength(6);
  });

  it('no wait is longer than 16 s', async () => {
    const { rest, waits } = setup({ rateLimit: { count: 100 } }, { retry: { retries: 7 } });
    await failure(rest.kick('alice'));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 16000, 16000]);
  });

  it('a rate-limited batch is retried alone, and the answers still join in order', async () => {
    const { rest, service, waits } = setup({ rateLimit: { after: 1, count: 2 } });
    const items = await rest.accountCheck(ids(250));
    expect(service.requests.map((r) => (r.body as { CheckItem: unknown[] }).CheckItem.length)).toEqual([100, 100, 100, 100, 50]);
    expect(waits).toEqual([1000, 2000]);
    expect(items.map((i) => i.UserID)).toEqual(ids(250));
  });
});

describe('tencent REST: refused credentials', () => {
  it('70001 on an expired admin ticket: one line naming the code, the API and what to check, without the ticket or the key', async () => {
    // This machine's clock two hours behind the service's: the admin ticket (1 h) is already expired there.
    const { rest, service, waits } = setup({}, { nowSeconds: () => NOW - 2 * 3600 });
    const error = await failure(rest.accountCheck(['alice']));
    expect(error).toBeInstanceOf(RestAdminAuthError);
    expect(error).toMatchObject({ errorCode: TENCENT.sigExpired, api: 'v4/im_open_login_svc/account_check' });
    const message = String((error as Error).message);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^v4\/im_open_login_svc\/account_check failed with ErrorCode 70001: .* \(the admin UserSig has expired: check .*clock\)$/);
    expect(message).not.toContain(service.requests[0]!.query.usersig);
    expect(message).not.toContain(KEY);
    expect(waits).toEqual([]); // not retried
  });

  it.each([
    ['signed with another key', TENCENT.sigInvalid, { secretKey: 'another-key-of-another-app' }, /did not verify/],
    ['an identifier that is not an app admin', TENCENT.adminRequired, { admins: ['root'] }, /needs an app admin identifier/],
    ['another SDKAppID', TENCENT.invalidSdkAppId, { sdkAppId: SDKAPPID + 1 }, /SDKAppID is not valid/],
  ] as const)('%s: RestAdminAuthError %i', async (_, code, fake, meaning) => {
    const { rest } = setup(fake);
    const error = await failure(rest.kick('alice'));
    expect(error).toBeInstanceOf(RestAdminAuthError);
    expect(error).toMatchObject({ errorCode: code });
    expect(String(error)).toMatch(meaning);
    expect(String(error)).toMatch(/check the SDKAppID, that the identifier is an app admin, the key the UserSig is signed with, the region/);
  });

  it('a server that echoes the ticket in ErrorInfo does not get it into the message', async () => {
    let sig = '';
    msw.use(
      http.post(`https://${TENCENT_REGIONS.singapore}/v4/im_open_login_svc/kick`, ({ request }) => {
        sig = new URL(request.url).searchParams.get('usersig') ?? '';
        return HttpResponse.json({ ActionStatus: 'FAIL', ErrorCode: 70003, ErrorInfo: `bad usersig ${sig}` });
      }),
    );
    const rest = tencentRestAdmin(credentials, { transport: fetchTransport() });
    const error = await failure(rest.kick('alice'));
    expect(sig).not.toBe('');
    expect(String(error)).toContain('bad usersig [usersig]');
    expect(String(error)).not.toContain(sig);
  });
});
