import { afterEach, describe, expect, it } from 'vitest';
import type { ClientEvent, Platform } from '../../adapters/contract.ts';
import reference, { CODES, ReferenceServer, startReference, type ReferenceHarness, type Session } from '../../adapters/reference/index.ts';

const running: ReferenceHarness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

async function start(options?: Parameters<typeof startReference>[0]): Promise<ReferenceHarness> {
  const harness = await startReference(options);
  running.push(harness);
  return harness;
}

/** An initialized client and the events it reported. */
async function device(harness: ReferenceHarness, platform: Platform = 'android') {
  const events: ClientEvent[] = [];
  const client = await harness.createClient({ platform, onEvent: (e) => events.push(e as ClientEvent) });
  expect(await client.init()).toEqual({ code: 0 });
  return { client, events, kinds: () => events.map((e) => e.kind) };
}

describe('reference adapter: shape', () => {
  it('declares its capabilities and every gated API', () => {
    expect(reference.name).toBe('reference');
    expect(reference.capabilities).toEqual(['virtual-clock', 'accounts', 'online-state', 'messaging', 'login-policy', 'network-faults', 'admin-kick', 'metrics']);
    expect(reference.gatedApis).toHaveLength(6);
  });
});

describe('reference: login and logout', () => {
  it('connects, logs in (signing up), reports status and user, logs out', async () => {
    const h = await start();
    const { client, kinds } = await device(h);
    expect(kinds()).toEqual(['connecting', 'connectSuccess']);
    expect(await h.accounts.exists('alice')).toBe(false);
    const login = client.login('alice', await h.issueSig('alice'));
    expect((await client.getLoginStatus()).data).toBe('logging-in');
    expect((await client.getLoginUser()).data).toBe('');
    expect((await client.getConversationList()).code).toBe(0);
    expect((await client.callGated('getFriendList')).code).toBe(CODES.notLoggedIn);
    expect(await login).toEqual({ code: 0 });
    expect((await client.getLoginStatus()).data).toBe('logged-in');
    expect((await client.getLoginUser()).data).toBe('alice');
    expect((await client.callGated('getFriendList')).code).toBe(0);
    expect(await h.accounts.exists('alice')).toBe(true);
    expect(await h.onlineState('alice')).toEqual([{ platform: 'android', instances: 1 }]);
    expect(await client.logout()).toEqual({ code: 0 });
    expect((await client.getLoginStatus()).data).toBe('logged-out');
    expect((await client.callGated('getFriendList')).code).toBe(CODES.notLoggedIn);
    expect(await h.onlineState('alice')).toEqual([]);
    expect(await client.logout()).toEqual({ code: 0 });
  });

  it('rejects bad IDs and tickets without signing up', async () => {
    const h = await start();
    const { client } = await device(h);
    const cases: [string, string, number][] = [
      ['a'.repeat(33), await h.issueSig('a'.repeat(33)), CODES.invalidUserId],
      ['al.ice', await h.issueSig('al.ice'), CODES.invalidUserId],
      ['', await h.issueSig(''), CODES.invalidUserId],
      ['alice', '', CODES.sigEmpty],
      ['alice', await h.issueSig('alice', { signWith: 'wrong-key' }), CODES.sigInvalid],
      ['alice', await h.issueSig('alice', { signWith: 'other-app' }), CODES.sigAppMismatch],
      ['alice', await h.issueSig('bob'), CODES.sigUserMismatch],
      ['alice', await h.issueSig('alice', { ttlSeconds: 0 }), CODES.sigExpired],
    ];
    for (const [userId, sig, code] of cases) {
      expect((await client.login(userId, sig)).code, `${userId} ${sig.slice(0, 10)}`).toBe(code);
      expect((await client.getLoginUser()).data).toBe('');
      expect(await h.accounts.exists(userId)).toBe(false);
    }
    expect((await client.login('a'.repeat(32), await h.issueSig('a'.repeat(32)))).code).toBe(0);
  });

  it('answers 6013 before init and after unInit, which logs out', async () => {
    const h = await start();
    const client = await h.createClient({ platform: 'web', onEvent: () => {} });
    expect((await client.login('alice', await h.issueSig('alice'))).code).toBe(CODES.notInitialized);
    await client.init();
    await client.login('alice', await h.issueSig('alice'));
    expect(await client.unInit()).toEqual({ code: 0 });
    expect(await h.onlineState('alice')).toEqual([]);
    for (const answer of [await client.getLoginStatus(), await client.logout(), await client.callGated('getGroupList'), await client.getConversationList()]) {
      expect(answer.code).toBe(CODES.notInitialized);
    }
  });

  it('joins a running login of the same user, refuses another user, and switches accounts', async () => {
    const h = await start();
    const { client } = await device(h);
    const [a, b, c] = [client.login('alice', await h.issueSig('alice')), client.login('alice', await h.issueSig('alice')), client.login('bob', await h.issueSig('bob'))];
    expect(await c).toEqual(expect.objectContaining({ code: CODES.loginInProgress }));
    expect([await a, await b]).toEqual([{ code: 0 }, { code: 0 }]);
    expect(await client.login('alice', await h.issueSig('alice'))).toEqual({ code: 0 });
    expect(await client.login('bob', await h.issueSig('bob'))).toEqual({ code: 0 });
    expect((await client.getLoginUser()).data).toBe('bob');
    expect(await h.onlineState('alice')).toEqual([]);
    expect(await h.onlineState('bob')).toEqual([{ platform: 'android', instances: 1 }]);
  });
});

describe('reference: several clients', () => {
  it('newest wins on one platform: the older client is kicked once; another platform stays', async () => {
    const h = await start();
    const first = await device(h, 'android');
    const web = await device(h, 'web');
    const second = await device(h, 'android');
    await first.client.login('alice', await h.issueSig('alice'));
    await web.client.login('alice', await h.issueSig('alice'));
    await second.client.login('alice', await h.issueSig('alice'));
    await h.settle();
    expect(first.kinds()).toEqual(['connecting', 'connectSuccess', 'kickedOffline']);
    expect(second.kinds()).toEqual(['connecting', 'connectSuccess']);
    expect((await first.client.getLoginStatus()).data).toBe('logged-out');
    expect((await first.client.callGated('joinGroup')).code).toBe(CODES.notLoggedIn);
    expect(await h.onlineState('alice')).toEqual([
      { platform: 'android', instances: 1 },
      { platform: 'web', instances: 1 },
    ]);
  });

  it('under concurrent logins exactly the last in server order survives', async () => {
    const h = await start();
    const devices = await Promise.all(Array.from({ length: 8 }, () => device(h, 'iphone')));
    const sig = await h.issueSig('alice');
    await Promise.all(devices.map((d) => d.client.login('alice', sig)));
    await h.settle();
    const online = [];
    for (const d of devices) if ((await d.client.getLoginStatus()).data === 'logged-in') online.push(d);
    expect(online).toHaveLength(1);
    for (const d of devices) expect(d.kinds().filter((k) => k === 'kickedOffline')).toHaveLength(online.includes(d) ? 0 : 1);
    expect(await h.onlineState('alice')).toEqual([{ platform: 'iphone', instances: 1 }]);
  });

  it('settle delivers a kick caused by a login that was not awaited', async () => {
    const h = await start();
    const first = await device(h);
    const second = await device(h);
    const sig = await h.issueSig('alice');
    await first.client.login('alice', sig);
    void second.client.login('alice', sig);
    await h.settle();
    expect(first.kinds()).toContain('kickedOffline');
  });

  it('delivers messages to every online instance, and none after logout', async () => {
    const h = await start();
    const alice = await device(h);
    const bobPhone = await device(h, 'iphone');
    const bobPc = await device(h, 'windows');
    await alice.client.login('alice', await h.issueSig('alice'));
    await bobPhone.client.login('bob', await h.issueSig('bob'));
    await bobPc.client.login('bob', await h.issueSig('bob'));
    expect(await alice.client.callGated('sendMessage', { to: 'bob', text: 'hi' })).toEqual({ code: 0 });
    await h.settle();
    for (const bob of [bobPhone, bobPc]) expect(bob.events.at(-1)).toEqual({ kind: 'messageReceived', from: 'alice', text: 'hi' });
    await bobPc.client.logout();
    await alice.client.callGated('sendMessage', { to: 'bob', text: 'again' });
    await h.settle();
    expect(bobPhone.events.filter((e) => e.kind === 'messageReceived')).toHaveLength(2);
    expect(bobPc.events.filter((e) => e.kind === 'messageReceived')).toHaveLength(1);
  });
});

describe('reference: ticket expiry on the virtual clock', () => {
  it('ends the session once with userSigExpired; a new ticket logs in again', async () => {
    const h = await start();
    const { client, kinds } = await device(h);
    await client.login('alice', await h.issueSig('alice', { ttlSeconds: 60 }));
    await h.clock.advance(59_000);
    await h.settle();
    expect((await client.getLoginStatus()).data).toBe('logged-in');
    await h.clock.advance(1_000);
    await h.settle();
    expect(kinds()).toEqual(['connecting', 'connectSuccess', 'userSigExpired']);
    expect((await client.getLoginUser()).data).toBe('');
    expect(await h.onlineState('alice')).toEqual([]);
    await h.clock.advance(3_600_000);
    await h.settle();
    expect(kinds().filter((k) => k === 'userSigExpired')).toHaveLength(1);
    expect(await client.login('alice', await h.issueSig('alice', { ttlSeconds: 60 }))).toEqual({ code: 0 });
  });
});

describe('reference: seams for mutants', () => {
  it('a server subclass can change who is kicked', async () => {
    class FirstWins extends ReferenceServer {
      protected override admit(_candidate: Session): Session[] {
        return [];
      }
    }
    const h = await start({ Server: FirstWins });
    const [a, b] = [await device(h), await device(h)];
    await a.client.login('alice', await h.issueSig('alice'));
    await b.client.login('alice', await h.issueSig('alice'));
    await h.settle();
    expect(await h.onlineState('alice')).toEqual([{ platform: 'android', instances: 2 }]);
  });
});
