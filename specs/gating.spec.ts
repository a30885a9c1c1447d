// gating: which APIs work in which login state. Every gated API the adapter declares is
// probed in every state; each spec also checks the same APIs work once logged in, so an
// adapter whose APIs always fail cannot pass by accident.
import { describe } from 'vitest';
import type { GatedApi } from '../adapters/contract.ts';
import type { CheckedClient } from '../fixtures/checked-adapter.ts';
import { TICKET_REJECTIONS } from '../fixtures/codes.ts';
import { eachAtOnce } from '../fixtures/parallel.ts';
import { must, mustFail, mustHaveBeenKicked, mustMean, mustStatus, type Scene } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

/** Arguments for a gated call; sendMessage goes to a user that exists in every spec here. */
const argsFor = (api: GatedApi): Record<string, unknown> | undefined => (api === 'sendMessage' ? { to: 'receiver', text: 'hello' } : undefined);

async function mustAllBeGated(s: Scene, client: CheckedClient, when: string): Promise<void> {
  for (const api of s.adapter.gatedApis) mustFail(await client.callGated(api, argsFor(api)), ['not-logged-in'], `${client.label}.${api}() ${when}`);
}

async function mustAllWork(s: Scene, client: CheckedClient, when: string): Promise<void> {
  for (const api of s.adapter.gatedApis) mustMean(await client.callGated(api, argsFor(api)), 'ok', `${client.label}.${api}() ${when}`);
}

describe('gating', () => {
  spec('gating.before-login', 'every gated API fails with not-logged-in before login, and works after it', async (s) => {
    const c = await s.client();
    await mustAllBeGated(s, c, 'before login');
    await s.mustLogin(c, 'alice');
    await mustAllWork(s, c, 'after login');
  });

  spec('gating.before-login', 'a message sent before login has no effect: it is not delivered', async (s) => {
    const receiver = await s.loggedIn('receiver', s.preferred('web'));
    const sender = await s.client();
    mustFail(await sender.callGated('sendMessage', { to: 'receiver', text: 'too early' }), ['not-logged-in'], 'sendMessage() before login');
    await s.settle();
    must(receiver.eventsOf('messageReceived').length === 0, 'a message sent before login was delivered');
    await s.mustLogin(sender, 'sender');
    mustMean(await sender.callGated('sendMessage', { to: 'receiver', text: 'hello' }), 'ok', 'sendMessage() after login');
    await s.settle();
    must(receiver.eventsOf('messageReceived').length === 1, 'a message sent after login was not delivered (positive control)');
  }, { needs: ['messaging'] });

  spec('gating.conversation-list-early', 'getConversationList works as soon as login is called, and after it succeeds', async (s) => {
    const c = await s.client();
    const login = c.login('alice', await s.sig('alice'));
    const early = c.getConversationList();
    mustMean(await early, 'ok', 'getConversationList() right after login was called');
    mustMean(await login, 'ok', 'login("alice")');
    mustMean(await c.getConversationList(), 'ok', 'getConversationList() after login');
  });

  spec('gating.conversation-list-early', 'getConversationList fails before login is called, after a rejected login, a logout, a kick and an expiry, and works as soon as login is called again', async (s) => {
    // Every state a client can be logged out in, each on a client of its own, side by side.
    const platform = s.preferred('android');
    const states: { when: string; reach: (user: string) => Promise<CheckedClient> }[] = [
      { when: 'before login was ever called', reach: () => s.client(platform) },
      {
        when: 'after a rejected login',
        reach: async (user) => {
          const c = await s.client(platform);
          mustFail(await c.login(user, await s.sig('mallory')), TICKET_REJECTIONS, `${c.label}.login(${JSON.stringify(user)}) with another user's ticket`);
          return c;
        },
      },
      {
        when: 'after logout',
        reach: async (user) => {
          const c = await s.loggedIn(user, platform);
          mustMean(await c.getConversationList(), 'ok', `${c.label}.getConversationList() while logged in`);
          mustMean(await c.logout(), 'ok', `${c.label}.logout()`);
          return c;
        },
      },
      {
        when: 'after being kicked',
        reach: async (user) => {
          const c = await s.loggedIn(user, platform);
          mustMean(await c.getConversationList(), 'ok', `${c.label}.getConversationList() while logged in`);
          await s.loggedIn(user, platform);
          await s.settle();
          await mustHaveBeenKicked(c, 'by a second login on its platform');
          return c;
        },
      },
    ];
    if (s.has('virtual-clock')) {
      states.push({
        when: 'after its ticket expired online',
        reach: async (user) => {
          const c = await s.client(platform);
          mustMean(await c.login(user, await s.sig(user, { ttlSeconds: 120 })), 'ok', `${c.label}.login(${JSON.stringify(user)}) with a two-minute ticket`);
          mustMean(await c.getConversationList(), 'ok', `${c.label}.getConversationList() while logged in`);
          // Only this lane's ticket is this short: the others' last a day.
          await s.harness.advanceClock(121_000);
          await s.settle();
          must(c.eventsOf('userSigExpired').length > 0 || (await c.getLoginStatus()).data === 'logged-out', `precondition: ${c.label}'s session did not end when its ticket expired`);
          return c;
        },
      });
    }
    await eachAtOnce(states, async ({ when, reach }, lane) => {
      const user = `u${lane + 1}`;
      const c = await reach(user);
      mustFail(await c.getConversationList(), ['not-logged-in'], `${c.label}.getConversationList() ${when}`);
      const sig = await s.sig(user);
      const login = c.login(user, sig);
      const early = c.getConversationList();
      mustMean(await early, 'ok', `${c.label}.getConversationList() right after login was called, ${when}`);
      mustMean(await login, 'ok', `${c.label}.login(${JSON.stringify(user)}) ${when}`);
    });
  });

  spec('gating.during-login', 'while the login is in progress, every other gated API fails', async (s) => {
    const c = await s.client();
    const sig = await s.sig('alice');
    const login = c.login('alice', sig);
    // Issued in the same tick as the login: the SDK sees them while its login is in flight.
    const during = s.adapter.gatedApis.map((api) => [api, c.callGated(api, argsFor(api))] as const);
    const status = c.getLoginStatus();
    for (const [api, reply] of during) mustFail(await reply, ['not-logged-in', 'login-in-progress'], `${c.label}.${api}() during login`);
    mustMean(await status, 'ok', 'getLoginStatus() during login');
    mustMean(await login, 'ok', 'login("alice")');
    await mustAllWork(s, c, 'after the login completed');
  });

  spec('gating.after-failed-login', 'after a rejected login, every gated API still fails', async (s) => {
    const c = await s.client();
    mustFail(await c.login('alice', await s.sig('mallory')), TICKET_REJECTIONS, 'login("alice") with another user\'s ticket');
    await mustAllBeGated(s, c, 'after the rejected login');
    mustFail(await c.getConversationList(), ['not-logged-in'], 'getConversationList() after the rejected login');
  });

  spec('gating.after-logout', 'after logout, every gated API fails again', async (s) => {
    const c = await s.loggedIn('alice');
    await mustAllWork(s, c, 'while logged in');
    mustMean(await c.logout(), 'ok', 'logout()');
    await mustAllBeGated(s, c, 'after logout');
  });

  spec('gating.after-kick', 'after being kicked offline, every gated API fails again', async (s) => {
    const first = await s.loggedIn('alice', s.preferred('android'));
    await mustAllWork(s, first, 'while logged in');
    await s.loggedIn('alice', s.preferred('android'));
    await s.settle();
    await mustHaveBeenKicked(first, 'by a second login on its platform');
    await mustAllBeGated(s, first, 'after being kicked');
  });

  spec('init.before-init', 'login before init fails with not-initialized', async (s) => {
    const c = await s.client(s.preferred('android'), { init: false });
    mustFail(await c.login('alice', await s.sig('alice')), ['not-initialized'], 'login() before init');
    mustMean(await c.init(), 'ok', 'init()');
    await s.mustLogin(c, 'alice');
    await mustStatus(c, 'logged-in', 'after init and login');
  });

  spec('init.before-init', 'after unInit, login fails with not-initialized until init is called again', async (s) => {
    const c = await s.loggedIn('alice');
    mustMean(await c.logout(), 'ok', 'logout()');
    mustMean(await c.unInit(), 'ok', 'unInit()');
    mustFail(await c.login('alice', await s.sig('alice')), ['not-initialized'], 'login() after unInit');
    mustMean(await c.init(), 'ok', 'init() again');
    await s.mustLogin(c, 'alice');
  });
});
