// Network faults on the reference: a dropped client reconnects by itself on the virtual clock
// and resumes its session without a login.
import { describe, expect, it } from 'vitest';
import {
  CODES,
  RECONNECT_INITIAL_BACKOFF_MS,
  RECONNECT_MAX_BACKOFF_MS,
  ReferenceServer,
  reconnectDelayMs,
  type Session,
} from '../../adapters/reference/index.ts';
import { device, loggedIn, start } from './helpers.ts';

/** The documented way back: restore, let the backoff run out, settle. */
async function comeBack(h: Awaited<ReturnType<typeof start>>, client: Parameters<typeof h.network.restore>[0]) {
  await h.network.restore(client);
  await h.clock.advance(RECONNECT_MAX_BACKOFF_MS);
  await h.settle();
}

describe('reference: reconnect after a network drop', () => {
  it('backs off 1 s, 2 s, 4 s ... capped at 30 s', () => {
    expect(RECONNECT_INITIAL_BACKOFF_MS).toBe(1_000);
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('comes back logged in as the same user, without a login, a kick or a second instance', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice');
    const web = await loggedIn(h, 'alice', 'web');
    await h.network.drop(alice.client);
    // During the drop: still logged in as alice, and the server keeps the session (PushOnline).
    expect(await alice.status()).toBe('logged-in');
    expect(await alice.user()).toBe('alice');
    expect((await alice.client.callGated('getFriendList')).code).toBe(CODES.noNetOnRequest);
    expect(await h.onlineState('alice')).toEqual([
      { platform: 'android', instances: 1 },
      { platform: 'web', instances: 1 },
    ]);
    const { results } = await h.rest.queryOnlineStatus(['alice']);
    expect(results[0]?.Detail).toEqual([
      { Platform: 'Android', Status: 'PushOnline' },
      { Platform: 'Web', Status: 'Online' },
    ]);

    await comeBack(h, alice.client);
    expect(alice.kinds()).toEqual(['connecting', 'connectSuccess', 'connecting', 'connectSuccess']);
    expect(await alice.status()).toBe('logged-in');
    expect(await alice.user()).toBe('alice');
    expect((await alice.client.callGated('getFriendList')).code).toBe(0);
    expect(web.kinds()).toEqual(['connecting', 'connectSuccess']); // not kicked by the resume
    expect(await h.onlineState('alice')).toEqual([
      { platform: 'android', instances: 1 },
      { platform: 'web', instances: 1 },
    ]);
    expect((await h.rest.queryOnlineStatus(['alice'])).results[0]?.Status).toBe('Online');
    // Messages reach the resumed session.
    const bob = await loggedIn(h, 'bob', 'ipad');
    await bob.client.callGated('sendMessage', { to: 'alice', text: 'back?' });
    await h.settle();
    expect(alice.events.at(-1)).toEqual({ kind: 'messageReceived', from: 'bob', text: 'back?' });
  });

  it('tries once per backoff step while the link is down, then gets through after restore', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice');
    await h.network.drop(alice.client);
    const step = async (ms: number) => {
      await h.clock.advance(ms);
      await h.settle();
      return alice.kinds().slice(2).join(',');
    };
    expect(await step(999)).toBe('');
    expect(await step(1)).toBe('connecting,connectFailed');
    expect(await step(1_999)).toBe('connecting,connectFailed');
    expect(await step(1)).toBe('connecting,connectFailed,connecting,connectFailed');
    for (const ms of [4_000, 8_000, 16_000, 30_000, 30_000]) await step(ms);
    expect(alice.count('connectFailed')).toBe(7);
    await h.network.restore(alice.client);
    expect(await step(29_999)).not.toContain('connectSuccess');
    expect(await step(1)).toMatch(/connectFailed,connecting,connectSuccess$/);
    expect(await alice.status()).toBe('logged-in');
    expect(alice.count('kickedOffline')).toBe(0);
  });

  it('a session kicked while away is refused on return: kickedOffline once', async () => {
    const h = await start();
    const first = await loggedIn(h, 'alice');
    await h.network.drop(first.client);
    const second = await loggedIn(h, 'alice'); // same platform: kicks the dropped session
    expect(await h.onlineState('alice')).toEqual([{ platform: 'android', instances: 1 }]);
    await comeBack(h, first.client);
    expect(first.kinds()).toEqual(['connecting', 'connectSuccess', 'connecting', 'connectSuccess', 'kickedOffline']);
    expect(await first.status()).toBe('logged-out');
    expect(await first.user()).toBe('');
    expect(second.count('kickedOffline')).toBe(0);
    expect(await h.onlineState('alice')).toEqual([{ platform: 'android', instances: 1 }]);
    // It can log in again (kicking the other, by the usual rule).
    expect(await first.client.login('alice', await h.issueSig('alice'))).toEqual({ code: 0 });
    await h.settle();
    expect(second.count('kickedOffline')).toBe(1);
  });

  it('a session whose ticket ran out while away gives userSigExpired on return, not a silent success', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice', 'iphone', 60);
    await h.network.drop(alice.client);
    await h.clock.advance(120_000);
    expect(await h.onlineState('alice')).toEqual([]);
    await comeBack(h, alice.client);
    expect(alice.count('userSigExpired')).toBe(1);
    expect(alice.count('kickedOffline')).toBe(0);
    expect(await alice.status()).toBe('logged-out');
  });

  it('the resume re-checks the ticket even if nothing ended the session (the expiry-on-resume seam)', async () => {
    class NeverExpires extends ReferenceServer {
      protected override expire(): void {}
    }
    const h = await start({ Server: NeverExpires });
    const alice = await loggedIn(h, 'alice', 'iphone', 60);
    await h.network.drop(alice.client);
    await h.clock.advance(120_000);
    await comeBack(h, alice.client);
    expect(alice.count('userSigExpired')).toBe(1);
    expect(await h.onlineState('alice')).toEqual([]);
  });

  it('hold then drop cuts a login mid-flight: it fails, and nothing is left online', async () => {
    const h = await start();
    const alice = await device(h);
    await h.network.hold(alice.client);
    const login = alice.client.login('alice', await h.issueSig('alice'));
    await h.settle(); // the held client is left out: this returns
    expect(await alice.status()).toBe('logging-in');
    await h.network.drop(alice.client);
    expect((await login).code).toBe(CODES.noNetOnResponse);
    expect(await alice.status()).toBe('logged-out');
    expect(await h.onlineState('alice')).toEqual([]);
    expect(await h.accounts.exists('alice')).toBe(false);
    await comeBack(h, alice.client);
    expect(await alice.status()).toBe('logged-out');
    expect(await h.onlineState('alice')).toEqual([]);
    expect(await alice.client.login('alice', await h.issueSig('alice'))).toEqual({ code: 0 });
  });

  it('a login whose answer was cut leaves a stale session only until the instance reconnects', async () => {
    let holdOnLogin: (() => void) | undefined;
    class HoldAfterLogin extends ReferenceServer {
      protected override admit(candidate: Session): Session[] {
        holdOnLogin?.(); // the request got through; hold the answer
        return super.admit(candidate);
      }
    }
    const h = await start({ Server: HoldAfterLogin });
    const alice = await device(h);
    const admitted = new Promise<void>((resolve) => {
      holdOnLogin = () => {
        h.proxyOf(alice.client).hold();
        resolve();
      };
    });
    const login = alice.client.login('alice', await h.issueSig('alice'));
    await admitted;
    await h.network.drop(alice.client);
    expect((await login).code).toBe(CODES.noNetOnResponse);
    expect(await alice.status()).toBe('logged-out');
    expect(await h.onlineState('alice')).toEqual([{ platform: 'android', instances: 1 }]); // the server cannot know
    holdOnLogin = undefined;
    await comeBack(h, alice.client);
    expect(await h.onlineState('alice')).toEqual([]); // the instance said it holds no session
    expect(alice.count('kickedOffline')).toBe(0);
  });

  it('hold then drop cuts a reconnect mid-flight; the next one gets through', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice');
    await h.network.drop(alice.client);
    await h.network.hold(alice.client); // connections are accepted but nothing flows
    await h.clock.advance(RECONNECT_INITIAL_BACKOFF_MS);
    await h.settle();
    expect(alice.kinds().slice(2)).toEqual(['connecting']);
    await h.network.drop(alice.client);
    expect(alice.kinds().slice(2)).toEqual(['connecting', 'connectFailed']);
    await comeBack(h, alice.client);
    expect(alice.kinds().slice(2)).toEqual(['connecting', 'connectFailed', 'connecting', 'connectSuccess']);
    expect(await alice.user()).toBe('alice');
  });

  it('held traffic is delivered on restore, in order, without a reconnect', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice');
    const bob = await loggedIn(h, 'bob', 'web');
    await h.network.hold(alice.client);
    for (const text of ['one', 'two']) await bob.client.callGated('sendMessage', { to: 'alice', text });
    const call = alice.client.callGated('getGroupList');
    await h.settle();
    expect(alice.count('messageReceived')).toBe(0);
    await h.network.restore(alice.client);
    await h.settle();
    expect(await call).toEqual({ code: 0, data: [] });
    expect(alice.events.filter((e) => e.kind === 'messageReceived').map((e) => e.text)).toEqual(['one', 'two']);
    expect(alice.kinds().filter((k) => k === 'connecting')).toHaveLength(1);
  });

  it('logout while dropped answers ok at once; the server hears it on reconnect', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice');
    await h.network.drop(alice.client);
    expect(await alice.client.logout()).toEqual({ code: 0 });
    expect(await alice.status()).toBe('logged-out');
    await comeBack(h, alice.client);
    expect(await h.onlineState('alice')).toEqual([]);
    expect(alice.count('kickedOffline')).toBe(0);
  });

  it('unInit while dropped stops reconnecting', async () => {
    const h = await start();
    const alice = await loggedIn(h, 'alice');
    await h.network.drop(alice.client);
    expect(await alice.client.unInit()).toEqual({ code: 0 });
    await comeBack(h, alice.client);
    expect(alice.kinds()).toEqual(['connecting', 'connectSuccess']);
    expect((await alice.client.getLoginStatus()).code).toBe(CODES.notInitialized);
  });

  it('a client whose first connection failed keeps trying and then works', async () => {
    const h = await start();
    const events: string[] = [];
    const client = await h.createClient({ platform: 'macos', onEvent: (e) => events.push((e as { kind: string }).kind) });
    await h.network.drop(client);
    expect(await client.init()).toEqual({ code: 0 });
    expect(events).toEqual(['connecting', 'connectFailed']);
    await comeBack(h, client);
    expect(events).toEqual(['connecting', 'connectFailed', 'connecting', 'connectSuccess']);
    expect(await client.login('alice', await h.issueSig('alice'))).toEqual({ code: 0 });
  });
});
