// gating: which APIs work in which login state. Every gated API the adapter declares is
// probed in every state; each spec also checks the same APIs work once logged in, so an
// adapter whose APIs always fail cannot pass by accident.
import { describe } from 'vitest';
import type { GatedApi } from '../adapters/contract.ts';
import type { CheckedClient } from '../fixtures/checked-adapter.ts';
import { TICKET_REJECTIONS } from '../fixtures/codes.ts';
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
