// The reference's server side: admin kick, the REST admin API's envelope and refusals, DAU.
import { describe, expect, it } from 'vitest';
import { CODES, DAY_MS, issueTicket, RECONNECT_MAX_BACKOFF_MS, REST_CODES } from '../../adapters/reference/index.ts';
import { AccountCheckResponse, API, QueryOnlineStatusResponse, RestAdminClient, RestAdminError } from '../../adapters/rest-admin/client.ts';
import { device, loggedIn, start } from './helpers.ts';

describe('reference: admin kick', () => {
  it('ends every instance of the user, connected or dropped; each is told once', async () => {
    const h = await start();
    const [android, web, mac] = [await loggedIn(h, 'alice', 'android'), await loggedIn(h, 'alice', 'web'), await loggedIn(h, 'alice', 'macos')];
    const bob = await loggedIn(h, 'bob', 'android');
    await h.network.drop(mac.client);
    expect(await h.kick('alice')).toEqual({ code: 0 });
    await h.settle();
    expect(await h.onlineState('alice')).toEqual([]);
    for (const d of [android, web]) {
      expect(d.count('kickedOffline')).toBe(1);
      expect(await d.status()).toBe('logged-out');
    }
    expect(mac.count('kickedOffline')).toBe(0); // away: told on return
    await h.network.restore(mac.client);
    await h.clock.advance(RECONNECT_MAX_BACKOFF_MS);
    await h.settle();
    expect(mac.count('kickedOffline')).toBe(1);
    expect(bob.count('kickedOffline')).toBe(0);
    expect(await h.onlineState('bob')).toEqual([{ platform: 'android', instances: 1 }]);
    // The user can log in again afterwards.
    expect(await android.client.login('alice', await h.issueSig('alice'))).toEqual({ code: 0 });
    // Kicking a user with nobody online, or who never signed up, is harmless.
    expect(await h.kick('carol')).toEqual({ code: 0 });
    expect(await h.kick('bob')).toEqual({ code: 0 });
    expect(await h.kick('bob')).toEqual({ code: 0 });
  });
});

describe('reference: REST admin API', () => {
  it('answers account_check and query_online_status in the Tencent shape', async () => {
    const h = await start();
    await loggedIn(h, 'alice', 'iphone');
    await loggedIn(h, 'alice', 'web');
    const out = await device(h);
    await out.client.login('bob', await h.issueSig('bob'));
    await out.client.logout();
    const check = await h.rest.post('v4/im_open_login_svc/account_check', { CheckItem: [{ UserID: 'alice' }, { UserID: 'nobody' }] }, AccountCheckResponse);
    expect(check).toEqual({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      ResultItem: [
        { UserID: 'alice', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
        { UserID: 'nobody', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
      ],
    });
    expect(await h.rest.queryOnlineStatus(['alice', 'bob', 'nobody'])).toEqual({
      results: [
        {
          To_Account: 'alice',
          Status: 'Online',
          Detail: [
            { Platform: 'iPhone', Status: 'Online' },
            { Platform: 'Web', Status: 'Online' },
          ],
        },
        { To_Account: 'bob', Status: 'Offline' },
      ],
      errors: [{ To_Account: 'nobody', ErrorCode: CODES.accountNotFound }],
    });
    expect((await h.rest.queryOnlineStatus(['alice'], { detail: false })).results).toEqual([{ To_Account: 'alice', Status: 'Online' }]);
  });

  it('refuses a bad admin ticket, a non-admin, another app, and too many items, with ActionStatus FAIL', async () => {
    const h = await start();
    const admin = (userSig: () => string, identifier = 'administrator', sdkAppId = h.server.sdkAppId) =>
      new RestAdminClient({ baseUrl: h.server.adminUrl, sdkAppId, identifier, userSig });
    const ticket = (userId: string, expireSeconds = 3600) =>
      issueTicket({ sdkAppId: h.server.sdkAppId, key: 'not the key', userId, nowSeconds: Math.floor(h.time.now() / 1000), expireSeconds });
    const failure = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RestAdminError);
      return (error as RestAdminError).errorCode;
    };
    const goodSig = async (userId: string, ttlSeconds?: number) => h.issueSig(userId, ttlSeconds === undefined ? {} : { ttlSeconds });
    const aliceSig = await goodSig('alice');
    const shortSig = await goodSig('administrator', 60);

    expect(await failure(admin(() => ticket('administrator')).kick('x'))).toBe(CODES.sigInvalid);
    expect(await failure(admin(() => '').kick('x'))).toBe(CODES.sigEmpty);
    expect(await failure(admin(() => aliceSig).kick('x'))).toBe(CODES.sigUserMismatch);
    expect(await failure(admin(() => aliceSig, 'alice').kick('x'))).toBe(REST_CODES.notAdmin);
    expect(await failure(admin(() => shortSig, 'administrator', h.server.sdkAppId + 1).kick('x'))).toBe(REST_CODES.unknownSdkAppId);
    await h.clock.advance(61_000);
    expect(await failure(admin(() => shortSig).accountCheck(['x']))).toBe(CODES.sigExpired);

    const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
    expect(await h.rest.accountCheck(ids(100))).toHaveLength(100);
    // The client splits long lists (100, 500 per request): post() sends one request as it is.
    const check = (userIds: string[]) => h.rest.post(API.accountCheck, { CheckItem: userIds.map((UserID) => ({ UserID })) }, AccountCheckResponse);
    expect(await failure(check(ids(101)))).toBe(REST_CODES.invalidFields);
    expect((await h.rest.queryOnlineStatus(ids(500))).errors).toHaveLength(500);
    expect(await failure(h.rest.post(API.queryOnlineStatus, { To_Account: ids(501) }, QueryOnlineStatusResponse))).toBe(REST_CODES.invalidFields);
    expect(await failure(check([]))).toBe(REST_CODES.invalidFields);
    expect(await failure(h.rest.kick(''))).toBe(REST_CODES.invalidFields);
  });

  it('answers a malformed request in the envelope too', async () => {
    const h = await start();
    const sig = await h.issueSig('administrator');
    const url = (path: string, params: Record<string, string> = {}) =>
      `${h.server.adminUrl}/${path}?${new URLSearchParams({ sdkappid: String(h.server.sdkAppId), identifier: 'administrator', usersig: sig, random: '99999999', contenttype: 'json', ...params })}`;
    const send = async (u: string, init: RequestInit = { method: 'POST', body: '{"UserID":"x"}' }) => {
      const response = await fetch(u, init);
      return { status: response.status, body: (await response.json()) as { ActionStatus: string; ErrorCode: number; ErrorInfo: string } };
    };
    expect(await send(url('v4/im_open_login_svc/kick'))).toEqual({ status: 200, body: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } });
    const refusals: [string, RequestInit | undefined, number, number][] = [
      [url('v4/im_open_login_svc/kick'), { method: 'POST', body: 'not json' }, 200, REST_CODES.invalidJson],
      [url('v4/im_open_login_svc/kick'), { method: 'POST', body: '{"UserID":42}' }, 200, REST_CODES.invalidFields],
      [url('v4/im_open_login_svc/kick'), { method: 'GET' }, 405, REST_CODES.badRequest],
      [url('v4/im_open_login_svc/nothing'), undefined, 404, REST_CODES.badRequest],
      [url('v4/im_open_login_svc/kick', { random: '4294967296' }), undefined, 200, REST_CODES.invalidFields],
      [url('v4/im_open_login_svc/kick', { contenttype: 'xml' }), undefined, 200, REST_CODES.invalidFields],
    ];
    for (const [u, init, status, code] of refusals) {
      const answer = await send(u, init);
      expect(answer.status, u).toBe(status);
      expect(answer.body.ActionStatus).toBe('FAIL');
      expect(answer.body.ErrorCode, `${u} ${String(init?.body)}`).toBe(code);
      expect(answer.body.ErrorInfo).toBeTruthy();
    }
  });
});

describe('reference: daily active users', () => {
  it('counts each user once per virtual day, only after a successful login', async () => {
    const h = await start();
    // Start just after a UTC midnight of the virtual clock, so the day does not end mid-test.
    await h.clock.advance(DAY_MS - (h.time.now() % DAY_MS) + 1);
    const phone = await device(h, 'iphone');
    expect((await phone.client.callGated('getUsersInfo')).code).toBe(CODES.notLoggedIn);
    expect((await phone.client.login('alice', await h.issueSig('alice', { signWith: 'wrong-key' }))).code).toBe(CODES.sigInvalid);
    expect((await phone.client.login('al.ice', await h.issueSig('al.ice'))).code).toBe(CODES.invalidUserId);
    expect(await h.dailyActiveUsers()).toBe(0);
    await phone.client.login('alice', await h.issueSig('alice'));
    await loggedIn(h, 'alice', 'web');
    await phone.client.logout();
    await phone.client.login('alice', await h.issueSig('alice', { ttlSeconds: 3 * 86_400 })); // outlives the day
    expect(await h.dailyActiveUsers()).toBe(1);
    await loggedIn(h, 'bob', 'ipad');
    expect(await h.dailyActiveUsers()).toBe(2);
    // The next virtual day starts from zero; staying online (or resuming) is not a login.
    await h.clock.advance(DAY_MS - 2);
    expect(await h.dailyActiveUsers()).toBe(2);
    await h.clock.advance(1);
    expect(await h.dailyActiveUsers()).toBe(0);
    await h.network.drop(phone.client);
    await h.network.restore(phone.client);
    await h.clock.advance(RECONNECT_MAX_BACKOFF_MS);
    await h.settle();
    expect(await phone.user()).toBe('alice');
    expect(await h.dailyActiveUsers()).toBe(0);
    await loggedIn(h, 'bob', 'android');
    expect(await h.dailyActiveUsers()).toBe(1);
  });
});
