// switch: one account per SDK instance; logging another in replaces the first.
import { describe } from 'vitest';
import { TICKET_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustFail, mustMean, mustSeeEvents, mustStatus, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('switch', () => {
  spec('switch.last-wins', "logging bob in on alice's instance makes it bob's", async (s) => {
    const c = await s.loggedIn('alice');
    mustMean(await c.login('bob', await s.sig('bob')), 'ok', 'login("bob") on alice\'s instance');
    await mustUser(c, 'bob', 'after switching to bob');
  });

  spec('switch.last-wins', "logging bob in on alice's instance leaves only bob online", async (s) => {
    const c = await s.loggedIn('alice');
    await s.mustLogin(c, 'bob');
    await s.settle();
    const alice = await s.harness.onlineState('alice');
    const bob = await s.harness.onlineState('bob');
    must(Object.keys(alice).length === 0, `alice is still online after bob logged in on her instance: ${JSON.stringify(alice)}`);
    must(bob[c.platform] === 1, `bob has ${bob[c.platform] ?? 0} ${c.platform} instance(s) online; expected 1`);
  }, { needs: ['online-state'] });

  spec('switch.no-logout-needed', 'login(bob) on a logged-in alice succeeds without a logout call, and is not a kick', async (s) => {
    const c = await s.loggedIn('alice');
    const reply = await c.login('bob', await s.sig('bob'));
    mustMean(reply, 'ok', 'login("bob") while alice is logged in (no logout called)');
    await s.settle();
    await mustStatus(c, 'logged-in', 'after switching to bob');
    await mustUser(c, 'bob', 'after switching to bob');
    mustSeeEvents(c, 'kickedOffline', 0, 'after switching accounts');
  });

  spec('switch.last-wins', "login(bob) while alice's login is still running: refused as in progress, or bob is the user", async (s) => {
    const c = await s.client();
    const first = c.login('alice', await s.sig('alice'));
    const second = c.login('bob', await s.sig('bob')); // in the same tick
    mustMean(await first, ['ok', 'login-in-progress'], 'login("alice")');
    const reply = await second;
    mustMean(reply, ['ok', 'login-in-progress'], 'login("bob") while alice\'s login was running');
    await s.settle();
    if (reply.meaning === 'ok') await mustUser(c, 'bob', 'after login("bob") answered ok');
  });

  spec('switch.last-wins', "a refused switch to bob does not leave alice online behind an instance that says it is logged out", async (s) => {
    const c = await s.loggedIn('alice');
    mustFail(await c.login('bob', await s.sig('bob', { signWith: 'wrong-key' })), TICKET_REJECTIONS, 'login("bob") with a forged ticket on alice\'s instance');
    await s.settle();
    const status = (await c.getLoginStatus()).data;
    if (status === 'logged-in') {
      await mustUser(c, 'alice', 'still logged in after the refused switch'); // kept alice, as the web SDK does
    } else {
      const online = await s.harness.onlineState('alice');
      must(!online[c.platform], `the instance reports "${String(status)}" after the refused switch, yet the server shows alice online: ${JSON.stringify(online)}`);
    }
  }, { needs: ['online-state'] });
});
