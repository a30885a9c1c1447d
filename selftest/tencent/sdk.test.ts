// The tencent adapter's mapping of the official web SDK (@tencentcloud/chat), tested against its
// typed double (no network): answers and their codes, events, the derived status, the user-ID
// prefixes of a deployment; and the double itself against the package (its constants and codes).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import TencentCloudChat from '@tencentcloud/chat';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientEvent, type Answer } from '../../adapters/contract.ts';
import { startReference, type ReferenceHarness } from '../../adapters/reference/index.ts';
import { RestAdminClient } from '../../adapters/rest-admin/client.ts';
import { WEB_SDK, WEB_SDK_CODE_PROFILE, WEB_SDK_CODES } from '../../adapters/tencent/codes.ts';
import { MODELLED_SDK_VERSION, PrintableAsciiServer } from '../../adapters/tencent/offline.ts';
import { TencentSdkClient } from '../../adapters/tencent/sdk-adapter.ts';
import { CONV_C2C, EVENT, TYPES, type ChatApi } from '../../adapters/tencent/sdk-api.ts';
import { AccountPool, deployOnTencentApp, UserIdSpace } from '../../adapters/tencent/sdk-deployment.ts';
import { ChatError, createChatDouble, type ChatDouble } from '../../adapters/tencent/sdk-double.ts';
import { meaningOf } from '../../fixtures/codes.ts';
import { PROJECT_ROOT } from '../run-cli.ts';

const meaning = (a: Answer) => meaningOf(a.code, WEB_SDK_CODE_PROFILE);

/** A reference deployment, web SDK doubles on it, and the adapter's clients over them. */
class Rig {
  readonly doubles: ChatDouble[] = [];
  readonly clients: TencentSdkClient[] = [];
  private constructor(readonly reference: ReferenceHarness) {}

  static async start(): Promise<Rig> {
    return new Rig(await startReference({ Server: PrintableAsciiServer }));
  }

  readonly sdk = () => createChatDouble((onEvent) => this.reference.createClient({ platform: 'web', onEvent }));

  /** A raw double, with every SDK event it emits. */
  chat(): { chat: ChatDouble; seen: { name: string; data?: unknown }[] } {
    const chat = this.sdk().create({ SDKAppID: this.reference.server.sdkAppId });
    this.doubles.push(chat);
    const seen: { name: string; data?: unknown }[] = [];
    for (const name of Object.values(EVENT)) chat.on(name, (event: { name: string; data?: unknown }) => seen.push(event));
    return { chat, seen };
  }

  /** An initialised adapter client, with every event it reported. */
  async client(): Promise<{ client: TencentSdkClient; events: unknown[]; chat: () => ChatDouble }> {
    const events: unknown[] = [];
    let chat: ChatDouble | undefined;
    const client = new TencentSdkClient(() => {
      chat = this.sdk().create({ SDKAppID: this.reference.server.sdkAppId });
      this.doubles.push(chat);
      return chat;
    }, (e) => events.push(e));
    this.clients.push(client);
    expect(await client.init()).toEqual({ code: 0 });
    return { client, events, chat: () => chat! };
  }

  sig(userId: string, ttlSeconds?: number) {
    return this.reference.issueSig(userId, ttlSeconds === undefined ? {} : { ttlSeconds });
  }

  async settle() {
    await Promise.all(this.clients.map((c) => c.idle()));
    await Promise.all(this.doubles.map((d) => d.connection()));
    await this.reference.settle();
  }

  async stop() {
    await Promise.all(this.clients.map((c) => c.unInit()));
    await this.reference.stop();
  }
}

let rig: Rig;
const rigs: Rig[] = [];
const start = async () => {
  rig = await Rig.start();
  rigs.push(rig);
  return rig;
};
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.stop()));
});

describe('the double, as the web SDK', () => {
  it('connects at create, reporting no network change (its first state is connected), and is ready (SDK_READY) before login resolves', async () => {
    const { chat, seen } = (await start()).chat();
    await chat.connection();
    const login = chat.login({ userID: 'alice', userSig: await rig.sig('alice') });
    const readyWhenResolved = await login.then(() => seen.some((e) => e.name === EVENT.SDK_READY));
    expect(readyWhenResolved).toBe(true);
    expect(seen).toEqual([{ name: EVENT.SDK_READY }]);
    expect([chat.isReady(), chat.getLoginUser()]).toEqual([true, 'alice']);
  });

  it('rejects with an Error that carries the code and the SDK\'s name for it', async () => {
    const { chat } = (await start()).chat();
    const error = await chat.logout().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expect(error).toMatchObject({ code: WEB_SDK.USER_NOT_LOGGED_IN, message: 'USER_NOT_LOGGED_IN' });
  });

  it('tells a kicked instance why first (KICKED_OUT), then resets (SDK_NOT_READY)', async () => {
    const { chat, seen } = (await start()).chat();
    await chat.login({ userID: 'alice', userSig: await rig.sig('alice') });
    await rig.chat().chat.login({ userID: 'alice', userSig: await rig.sig('alice') });
    await rig.reference.settle();
    expect(seen.slice(-2)).toEqual([{ name: EVENT.KICKED_OUT, data: { type: TYPES.KICKED_OUT_MULT_ACCOUNT } }, { name: EVENT.SDK_NOT_READY }]);
    expect([chat.isReady(), chat.getLoginUser()]).toEqual([false, '']);
  });
});

describe('login and logout through the mapping', () => {
  it('login answers ok; getLoginUser is the user, then empty after logout', async () => {
    const { client } = await (await start()).client();
    expect(await client.login('alice', await rig.sig('alice'))).toEqual({ code: 0 });
    expect(await client.getLoginUser()).toEqual({ code: 0, data: 'alice' });
    expect(await client.logout()).toEqual({ code: 0 });
    expect(await client.getLoginUser()).toEqual({ code: 0, data: '' });
  });

  it("a login of bob on alice's instance answers ok with repeatLogin and stays alice's (the web SDK's deviation)", async () => {
    const { client } = await (await start()).client();
    await client.login('alice', await rig.sig('alice'));
    const answer = await client.login('bob', await rig.sig('bob'));
    expect(answer).toMatchObject({ code: 0, data: { repeatLogin: true } });
    expect(answer.desc).toContain('alice is logged in already');
    expect(await client.getLoginUser()).toEqual({ code: 0, data: 'alice' });
  });

  it('a second login while the first runs answers 2025, login-in-progress', async () => {
    const { client } = await (await start()).client();
    const sig = await rig.sig('alice');
    const [first, second] = await Promise.all([client.login('alice', sig), client.login('alice', sig)]);
    expect(first).toEqual({ code: 0 });
    expect(second.code).toBe(2025);
    expect(meaning(second)).toBe('login-in-progress');
  });

  it('an empty user ID or UserSig, which the SDK refuses by throwing "Params validate failed." (no code), answers 6017, invalid-parameters, with nothing sent', async () => {
    const { client } = await (await start()).client();
    const empty = await client.login('', await rig.sig(''));
    const noSig = await client.login('alice', '');
    expect([empty, noSig]).toEqual(Array(2).fill({ code: 6017, desc: 'the SDK threw "Params validate failed.", with no code' }));
    expect(meaning(empty)).toBe('invalid-parameters');
    expect(await rig.reference.accounts.exists('alice')).toBe(false);
    expect(await client.getConversationList()).toMatchObject({ code: 2024 }); // no login was started
  });

  it('a refused ticket answers the server\'s own code (passed through), with its Tencent meaning', async () => {
    const { client } = await (await start()).client();
    const answer = await client.login('alice', await rig.sig('bob'));
    expect([answer.code, meaning(answer)]).toEqual([70013, 'sig-user-mismatch']);
  });

  it('logout without a login answers 2024, not-logged-in', async () => {
    const { client } = await (await start()).client();
    const answer = await client.logout();
    expect([answer.code, meaning(answer)]).toEqual([2024, 'not-logged-in']);
  });
});

describe('getLoginStatus, which the web SDK does not have', () => {
  it('is derived from isReady() and getLoginUser() only: logged out while the login call runs, logged in once ready', async () => {
    const { client } = await (await start()).client();
    const login = client.login('alice', await rig.sig('alice'));
    const during = await client.getLoginStatus();
    await login;
    expect(during).toMatchObject({ code: 0, data: 'logged-out' });
    expect(during.desc).toContain('has no getLoginStatus');
    expect(await client.getLoginStatus()).toMatchObject({ code: 0, data: 'logged-in' });
  });
});

describe('calls before SDK_READY answer the reason the SDK is not ready', () => {
  const gated = (client: TencentSdkClient) => client.callGated('getFriendList');

  it('2024 before any login; 3000 while logging in; 3001 after a rejected login; 3005 after logout', async () => {
    const { client } = await (await start()).client();
    const before = await gated(client);
    const login = client.login('alice', await rig.sig('alice'));
    const during = await Promise.all([gated(client), client.getConversationList()]);
    await login;
    expect(await gated(client)).toEqual({ code: 0 });
    await client.logout();
    const afterLogout = await gated(client);
    await client.login('alice', await rig.sig('mallory'));
    const afterFailure = await gated(client);
    expect([before, ...during, afterLogout, afterFailure].map((a) => [a.code, meaning(a)])).toEqual([
      [2024, 'not-logged-in'],
      [3000, 'login-in-progress'],
      [3000, 'login-in-progress'],
      [3005, 'not-logged-in'],
      [3001, 'not-logged-in'],
    ]);
  });

  it('joinGroup, allowed before SDK_READY for audio-video rooms, answers 2662 before login and works after', async () => {
    const { client } = await (await start()).client();
    const before = await client.callGated('joinGroup', { groupID: 'room' });
    expect([before.code, meaning(before)]).toEqual([2662, 'not-logged-in']);
    await client.login('alice', await rig.sig('alice'));
    expect(await client.callGated('joinGroup', { groupID: 'room' })).toEqual({ code: 0 });
  });

  it.each([
    ['another web instance of the account', TYPES.KICKED_OUT_MULT_ACCOUNT, 3003],
    ['another device', TYPES.KICKED_OUT_MULT_DEVICE, 3002],
  ] as const)('a kick by %s is one kickedOffline event, and then %s / %i', async (_by, type, code) => {
    const { client, events, chat } = await (await start()).client();
    await client.login('alice', await rig.sig('alice'));
    chat().nextKickIs(type);
    const other = await rig.client();
    await other.client.login('alice', await rig.sig('alice'));
    await rig.settle();
    expect(events.filter((e) => ClientEvent.parse(e).kind === 'kickedOffline')).toHaveLength(1);
    const after = await gated(client);
    expect([after.code, meaning(after)]).toEqual([code, 'not-logged-in']);
    expect(await client.getLoginStatus()).toMatchObject({ data: 'logged-out' });
  });

  it('a server-side kick (REST_API_Kick) is one kickedOffline event, then 3006', async () => {
    await start();
    const deployment = deployOnTencentApp(
      { createChat: () => rig.chat().chat, sign: (id) => rig.sig(id), rest: rig.reference.rest, settle: () => rig.reference.settle(), stop: async () => {}, beforeKick: (id) => rig.doubles.filter((d) => d.getLoginUser() === id).forEach((d) => d.nextKickIs(TYPES.KICKED_OUT_REST_API)) },
      new UserIdSpace('x_'),
    );
    const events: unknown[] = [];
    const client = new TencentSdkClient(() => deployment.createChat(), (e) => events.push(e));
    rig.clients.push(client);
    await client.init();
    await client.login('alice', await deployment.issueSig('alice'));
    expect(await deployment.kick?.('alice')).toEqual({ code: 0 });
    await rig.settle();
    expect(events.map((e) => ClientEvent.parse(e).kind).filter((k) => k === 'kickedOffline')).toHaveLength(1);
    const after = await gated(client);
    expect([after.code, meaning(after)]).toEqual([3006, 'not-logged-in']);
  });

  it('a UserSig expiring online is one userSigExpired event (KICKED_OUT userSigExpired), then 3004', async () => {
    const { client, events } = await (await start()).client();
    await client.login('alice', await rig.sig('alice', 60));
    await rig.reference.clock.advance(61_000);
    await rig.settle();
    expect(events.map((e) => ClientEvent.parse(e).kind)).toEqual(['userSigExpired']);
    const after = await gated(client);
    expect([after.code, meaning(after)]).toEqual([3004, 'not-logged-in']);
  });
});

describe('events and instances', () => {
  it('a text message arrives as messageReceived with its sender and text', async () => {
    const alice = await (await start()).client();
    const bob = await rig.client();
    await alice.client.login('alice', await rig.sig('alice'));
    await bob.client.login('bob', await rig.sig('bob'));
    expect(await alice.client.callGated('sendMessage', { to: 'bob', text: 'hello' })).toEqual({ code: 0 });
    await rig.settle();
    expect(bob.events.at(-1)).toEqual({ kind: 'messageReceived', from: 'alice', text: 'hello' });
  });

  it('unInit answers ok before any login too: destroy() passes on its logout\'s 2024, yet releases the instance', async () => {
    const { client, chat } = await (await start()).client();
    const destroyed = chat();
    expect(await client.unInit()).toEqual({ code: 0, desc: 'destroyed; its logout answered 2024' });
    await expect(destroyed.getConversationList()).rejects.toThrow('destroyed');
  });

  it('after unInit (destroy) every call answers 6013; init makes a new instance', async () => {
    const { client, chat } = await (await start()).client();
    await client.login('alice', await rig.sig('alice'));
    const first = chat();
    expect(await client.unInit()).toEqual({ code: 0 });
    const calls = await Promise.all([client.login('alice', await rig.sig('alice')), client.getLoginUser(), client.getLoginStatus(), client.logout(), client.getConversationList(), client.callGated('getGroupList')]);
    expect(calls.map((a) => [a.code, meaning(a)])).toEqual(Array(6).fill([6013, 'not-initialized']));
    await client.init();
    expect(chat()).not.toBe(first);
    expect(await client.login('bob', await rig.sig('bob'))).toEqual({ code: 0 });
  });

  it('reports a connection attempt only where the SDK reported one: connecting, then its result; a lost connection is no event', async () => {
    let netStateChange: (event: unknown) => void = () => {};
    const fake: Partial<ChatApi> = { on: (name: string, handler: Function) => void (name === EVENT.NET_STATE_CHANGE && (netStateChange = handler as typeof netStateChange)) };
    const events: unknown[] = [];
    const client = new TencentSdkClient(() => fake as ChatApi, (e) => events.push(e));
    await client.init();
    const states = [TYPES.NET_STATE_DISCONNECTED, TYPES.NET_STATE_CONNECTING, TYPES.NET_STATE_CONNECTED, TYPES.NET_STATE_DISCONNECTED, TYPES.NET_STATE_CONNECTING, TYPES.NET_STATE_DISCONNECTED, TYPES.NET_STATE_CONNECTED];
    for (const state of states) netStateChange({ name: EVENT.NET_STATE_CHANGE, data: { state } });
    expect(events).toEqual([{ kind: 'connecting' }, { kind: 'connectSuccess' }, { kind: 'connecting' }, { kind: 'connectFailed' }]);
  });

  it('an SDK event the schemas cannot read reaches the suite as it came, so the spec fails naming it', async () => {
    const handlers = new Map<string, (event: unknown) => void>();
    const fake: Partial<ChatApi> = { on: (name: string, handler: Function) => void handlers.set(name, handler as (event: unknown) => void) };
    const events: unknown[] = [];
    const client = new TencentSdkClient(() => fake as ChatApi, (e) => events.push(e));
    await client.init();
    handlers.get(EVENT.KICKED_OUT)!({ name: EVENT.KICKED_OUT, data: { type: 'somethingNew' } });
    expect(events).toEqual([{ unreadable: EVENT.KICKED_OUT, event: { name: EVENT.KICKED_OUT, data: { type: 'somethingNew' } } }]);
    expect(ClientEvent.safeParse(events[0]).success).toBe(false);
  });

  it('an event of an instance destroyed meanwhile is dropped', async () => {
    let kickedOut: (event: unknown) => void = () => {};
    const fake: Partial<ChatApi> = { on: (name: string, handler: Function) => void (name === EVENT.KICKED_OUT && (kickedOut = handler as typeof kickedOut)), destroy: async () => {} };
    const events: unknown[] = [];
    const client = new TencentSdkClient(() => fake as ChatApi, (e) => events.push(e));
    await client.init();
    kickedOut({ name: EVENT.KICKED_OUT, data: { type: TYPES.KICKED_OUT_MULT_ACCOUNT } });
    await client.unInit();
    kickedOut({ name: EVENT.KICKED_OUT, data: { type: TYPES.KICKED_OUT_MULT_ACCOUNT } });
    expect(events).toEqual([{ kind: 'kickedOffline' }]);
  });

  it('a rejection that is not the SDK\'s error shape fails the call instead of becoming an answer', async () => {
    const fake: Partial<ChatApi> = { on: () => {}, login: () => Promise.reject(new TypeError('boom')) };
    const client = new TencentSdkClient(() => fake as ChatApi, () => {});
    await client.init();
    await expect(client.login('alice', 'sig')).rejects.toThrow('boom');
  });
});

describe('a deployment on an app: user IDs of its own', () => {
  it('prefixes the IDs over the documented charset that still fit 32 bytes, and leaves every other ID as given', () => {
    const space = new UserIdSpace('a1b2c3_');
    const cases = ['alice', 'Alice', 'u'.repeat(25), 'u'.repeat(26), '', 'a.b', ' alice ', 'ü'];
    expect(cases.map((id) => space.toService(id))).toEqual(['a1b2c3_alice', 'a1b2c3_Alice', `a1b2c3_${'u'.repeat(25)}`, 'u'.repeat(26), '', 'a.b', ' alice ', 'ü']);
    expect(cases.map((id) => space.fromService(space.toService(id)))).toEqual(cases);
  });

  it('logs in, signs and checks accounts under the prefix, reports the suite\'s IDs, and deletes the accounts it made at stop', async () => {
    await start();
    const requests: { api: string; body: unknown }[] = [];
    const deleting = new RestAdminClient({
      baseUrl: 'http://app.invalid',
      sdkAppId: rig.reference.server.sdkAppId,
      identifier: 'administrator',
      userSig: () => 'admin-sig',
      transport: async (url, body) => {
        requests.push({ api: url.pathname, body: JSON.parse(body) });
        return { status: 200, text: JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ResultItem: [] }) };
      },
    });
    const space = new UserIdSpace('p9_');
    const deployment = deployOnTencentApp({ createChat: () => rig.chat().chat, sign: (id) => rig.sig(id), rest: rig.reference.rest, settle: () => rig.reference.settle(), stop: async () => {} }, space);
    const client = new TencentSdkClient(() => deployment.createChat(), () => {});
    rig.clients.push(client);
    await client.init();
    expect(await client.login('alice', await deployment.issueSig('alice'))).toEqual({ code: 0 });
    expect(await client.getLoginUser()).toEqual({ code: 0, data: 'alice' });
    expect(rig.doubles[0]!.getLoginUser()).toBe('p9_alice');
    expect([await deployment.accounts!.exists('alice'), await rig.reference.accounts.exists('p9_alice')]).toEqual([true, true]);

    await deployOnTencentApp({ createChat: () => rig.chat().chat, sign: (id) => rig.sig(id), rest: deleting, settle: async () => {}, stop: async () => {}, deleteAccounts: true }, space).stop();
    expect(requests).toEqual([{ api: '/v4/im_open_login_svc/account_delete', body: { DeleteItem: [{ UserID: 'p9_alice' }] } }]);
  });
});

describe('a real app\'s user-ID prefixes come from a pool, so repeated runs reuse the same accounts', () => {
  // The ticket names the user ID the service sees: all these checks need.
  const service = (deleteFails = false) => ({
    createChat: () => rig.chat().chat,
    sign: (id: string) => `ticket of ${id}`,
    rest: new RestAdminClient({
      baseUrl: 'http://app.invalid',
      sdkAppId: 1,
      identifier: 'administrator',
      userSig: () => 'admin-sig',
      transport: async () => ({ status: 200, text: JSON.stringify(deleteFails ? { ActionStatus: 'FAIL', ErrorCode: 70107, ErrorInfo: 'no' } : { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ResultItem: [] }) }),
    }),
    settle: async () => {},
    stop: async () => {},
    deleteAccounts: true,
  });

  it('deployments at once get different prefixes; a stopped one gives its prefix back once its accounts are deleted, and only then', async () => {
    const pool = new AccountPool('t9s');
    const a = deployOnTencentApp(service(), pool);
    const b = deployOnTencentApp(service(true), pool);
    expect([await a.issueSig('alice'), await b.issueSig('alice')]).toEqual(['ticket of t9s0_alice', 'ticket of t9s1_alice']);
    await a.stop(); // deleted: slot 0 is free again, for the same accounts
    const c = deployOnTencentApp(service(), pool);
    expect(await c.issueSig('alice')).toBe('ticket of t9s0_alice');
    await b.stop(); // its accounts could not be deleted: slot 1 is not handed out again
    const d = deployOnTencentApp(service(), pool);
    expect(await d.issueSig('alice')).toBe('ticket of t9s2_alice');
  });
});

describe('the double against the package it stands for', () => {
  const TencentCloudChatRuntime = TencentCloudChat as unknown as { EVENT: Record<string, string>; TYPES: Record<string, unknown>; VERSION: string };

  it('models the installed version, with the package\'s own event names and type values (CONV_C2C included)', () => {
    expect(TencentCloudChatRuntime.VERSION).toBe(MODELLED_SDK_VERSION);
    for (const [key, value] of Object.entries(EVENT)) expect(TencentCloudChatRuntime.EVENT[key], key).toBe(value);
    for (const [key, value] of Object.entries(TYPES)) expect(TencentCloudChatRuntime.TYPES[key], key).toBe(value);
    expect(TencentCloudChatRuntime.TYPES.CONV_C2C).toBe(CONV_C2C);
  });

  it('has the code of every web SDK error it names, as the package\'s bundle defines it', () => {
    const bundle = readFileSync(createRequire(import.meta.url).resolve('@tencentcloud/chat/index.es.js'), 'utf8');
    for (const [code, { name }] of Object.entries(WEB_SDK_CODES)) {
      const defined = new RegExp(`[{,]${name}:([0-9.e]+)[,}]`).exec(bundle)?.[1];
      expect(defined === undefined ? undefined : Number(defined), name).toBe(Number(code));
    }
  });
});

describe('the real adapter', () => {
  it('refuses to start without credentials, in one line naming the missing variables, and connects to nothing', () => {
    const env = { ...process.env, TENCENT_SDKAPPID: '', TENCENT_SECRETKEY: '' };
    const run = spawnSync(process.execPath, ['bin/im-conformance.js', 'run', '--adapter', 'tencent'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("im-conformance: adapter @tencentcloud/chat needs --tencent-sdkappid or TENCENT_SDKAPPID, TENCENT_SECRETKEY: the app's SDKAppID; the app's secret key, which signs every UserSig\n");
  });
});
