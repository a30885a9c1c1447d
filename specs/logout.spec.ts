// logout: what logging out ends, and unInit after it.
import { describe } from 'vitest';
import { must, mustFail, mustMean, mustSeeEvents, mustStatus } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('logout', () => {
  spec('logout.stops-delivery', 'messages reach bob while he is logged in and stop once he logs out', async (s) => {
    const alice = await s.loggedIn('alice', s.preferred('android'));
    const bob = await s.loggedIn('bob', s.preferred('web'));
    mustMean(await alice.callGated('sendMessage', { to: 'bob', text: 'before' }), 'ok', 'sendMessage(to bob) while he is online');
    await s.settle();
    must(bob.eventsOf('messageReceived').length === 1, 'bob did not receive a message while logged in (positive control)');
    must(alice.eventsOf('messageReceived').length === 0, 'alice received her own message to bob: messages must reach their addressee only (control)');
    mustMean(await bob.logout(), 'ok', 'bob.logout()');
    mustMean(await alice.callGated('sendMessage', { to: 'bob', text: 'after' }), 'ok', 'sendMessage(to bob) after he logged out');
    await s.settle();
    const texts = bob.eventsOf('messageReceived').map((m) => m.text);
    must(texts.length === 1, `bob received ${JSON.stringify(texts)} after logging out; expected only "before"`);
  });

  spec('logout.stops-delivery', 'a message still on its way to bob when he logs out never reaches him', async (s) => {
    const alice = await s.loggedIn('alice', s.preferred('android'));
    const bob = await s.loggedIn('bob', s.preferred('web'));
    // Held on bob's link: the server has sent the message, bob's SDK has not read it yet.
    await s.harness.network('hold', bob);
    mustMean(await alice.callGated('sendMessage', { to: 'bob', text: 'crossing' }), 'ok', 'sendMessage(to bob) just before he logs out');
    const loggingOut = bob.logout();
    await s.harness.network('restore', bob);
    mustMean(await loggingOut, 'ok', 'bob.logout()');
    await s.settle();
    const texts = bob.eventsOf('messageReceived').map((m) => m.text);
    must(texts.length === 0, `bob received ${JSON.stringify(texts)} after logout() was called; a logged-out SDK receives no messages`);
  }, { needs: ['network-faults'] });

  spec('logout.frees-slot', 'a logout while the link is down frees the slot too: once back, the server has let the session go', async (s) => {
    const first = await s.loggedIn('alice', s.preferred('macos'));
    await s.harness.network('drop', first);
    mustMean(await first.logout(), 'ok', 'logout() while the link is down');
    await s.restore(first);
    await mustStatus(first, 'logged-out', 'after logging out offline and reconnecting');
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(!online[first.platform], `alice still has ${online[first.platform]} ${first.platform} instance(s) online after logging out offline and reconnecting`);
    }
    const second = await s.loggedIn('alice', first.platform);
    await s.settle();
    mustSeeEvents(first, 'kickedOffline', 0, 'after logging out offline, when another instance logged in');
    mustSeeEvents(second, 'kickedOffline', 0, 'after logging in');
  }, { needs: ['network-faults'] });

  spec('logout.frees-slot', 'after logout, a new login on the same platform kicks nobody', async (s) => {
    const first = await s.loggedIn('alice', s.preferred('macos'));
    mustMean(await first.logout(), 'ok', 'logout()');
    if (s.has('online-state')) {
      await s.settle();
      const online = await s.harness.onlineState('alice');
      must(!online[first.platform], `alice still has ${online[first.platform]} ${first.platform} instance(s) online after logging out`);
    }
    const second = await s.loggedIn('alice', first.platform);
    await s.settle();
    mustSeeEvents(first, 'kickedOffline', 0, 'after logging out, when another instance logged in');
    mustSeeEvents(second, 'kickedOffline', 0, 'after logging in');
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(online[first.platform] === 1, `alice has ${online[first.platform] ?? 0} ${first.platform} instance(s) online; expected 1`);
    }
  });

  spec('logout.when-logged-out', 'logout without a login gives a defined answer and leaves the client usable', async (s) => {
    const c = await s.client();
    mustMean(await c.logout(), ['ok', 'not-logged-in'], 'logout() before any login');
    await mustStatus(c, 'logged-out', 'after a logout without login');
    await s.mustLogin(c, 'alice');
  });

  spec('logout.uninit', 'after logout and unInit, every API answers not-initialized', async (s) => {
    const c = await s.loggedIn('alice');
    mustMean(await c.logout(), 'ok', 'logout()');
    mustMean(await c.unInit(), 'ok', 'unInit()');
    const when = 'after unInit';
    mustFail(await c.login('alice', await s.sig('alice')), ['not-initialized'], `login() ${when}`);
    mustFail(await c.getLoginUser(), ['not-initialized'], `getLoginUser() ${when}`);
    mustFail(await c.getLoginStatus(), ['not-initialized'], `getLoginStatus() ${when}`);
    mustFail(await c.getConversationList(), ['not-initialized'], `getConversationList() ${when}`);
    mustFail(await c.logout(), ['not-initialized'], `logout() ${when}`);
    for (const api of s.adapter.gatedApis) mustFail(await c.callGated(api, api === 'sendMessage' ? { to: 'bob', text: 'x' } : undefined), ['not-initialized'], `${api}() ${when}`);
    mustMean(await c.init(), 'ok', 'init() again');
    await mustStatus(c, 'logged-out', 'after init again');
  });
});
