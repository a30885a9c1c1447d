// multi: several instances of one user. Here the default (one instance per platform);
// policies and limits come with the login-policy capability.
import { describe } from 'vitest';
import { PLATFORMS } from '../adapters/contract.ts';
import { must, mustFail, mustSeeEvents, mustStatus, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('multi', () => {
  spec('multi.same-platform-default', 'on every platform, a second login of the user kicks the first, which is told once', async (s) => {
    for (const platform of PLATFORMS) {
      const first = await s.loggedIn('alice', platform);
      const second = await s.loggedIn('alice', platform);
      await s.settle();
      mustSeeEvents(first, 'kickedOffline', 1, `after a second ${platform} login`);
      mustSeeEvents(second, 'kickedOffline', 0, `after logging in as the second ${platform} instance`);
      await mustStatus(second, 'logged-in', `as the newest ${platform} instance`);
      if (s.has('online-state')) {
        const online = await s.harness.onlineState('alice');
        must(online[platform] === 1, `alice has ${online[platform] ?? 0} ${platform} instance(s) online; expected 1`);
      }
    }
  });

  spec('multi.kicked-state', 'a kicked client reports logged out with no user, and gated APIs fail', async (s) => {
    const first = await s.loggedIn('alice', 'iphone');
    await s.loggedIn('alice', 'iphone');
    await s.settle();
    await mustStatus(first, 'logged-out', 'after a second iphone login (kicked)');
    await mustUser(first, '', 'after being kicked');
    const api = s.adapter.gatedApis[0]!;
    mustFail(await first.callGated(api, api === 'sendMessage' ? { to: 'alice', text: 'hi' } : undefined), ['not-logged-in'], `${api}() after being kicked`);
  });

  spec('multi.kicked-state', 'a kicked client can log in again, which kicks the other instance in turn', async (s) => {
    const first = await s.loggedIn('alice', 'windows');
    const second = await s.loggedIn('alice', 'windows');
    await s.settle();
    await s.mustLogin(first, 'alice');
    await s.settle();
    await mustStatus(first, 'logged-in', 'after logging in again');
    await mustStatus(second, 'logged-out', 'after the kicked instance logged in again (kicked in turn)');
  });
});
