// repeat: a login while one is running, or already done, for the same user.
import { describe } from 'vitest';
import { must, mustMean, mustSeeEvents, mustStatus, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('repeat', () => {
  spec('repeat.in-progress', 'a second login while the first runs ends logged in once, with nothing kicked', async (s) => {
    const c = await s.client();
    const sig = await s.sig('alice');
    const first = c.login('alice', sig);
    const second = c.login('alice', sig);
    mustMean(await first, 'ok', 'the first login("alice")');
    mustMean(await second, ['ok', 'login-in-progress'], 'the repeated login("alice") while the first was running');
    await s.settle();
    mustSeeEvents(c, 'kickedOffline', 0, 'after the repeated login');
    await mustStatus(c, 'logged-in', 'after both logins answered');
    await mustUser(c, 'alice', 'after both logins answered');
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(online[c.platform] === 1, `alice has ${online[c.platform] ?? 0} ${c.platform} instance(s) online after a repeated login; expected 1`);
    }
  });

  spec('repeat.same-user', 'logging in again as the logged-in user succeeds without kicking itself', async (s) => {
    const c = await s.loggedIn('alice');
    mustMean(await c.login('alice', await s.sig('alice')), 'ok', 'login("alice") again while logged in as alice');
    await s.settle();
    mustSeeEvents(c, 'kickedOffline', 0, 'after logging in again as the same user');
    await mustStatus(c, 'logged-in', 'after logging in again as the same user');
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(online[c.platform] === 1, `alice has ${online[c.platform] ?? 0} ${c.platform} instance(s) online; expected 1`);
    }
  });
});
