// kick: a kicked user comes back by logging in again; the server can kick a user everywhere.
import { describe } from 'vitest';
import { must, mustHaveBeenKicked, mustMean, mustSeeEvents, mustStatus, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('kick', () => {
  spec('kick.relogin', 'a client kicked by another login logs in again with the ticket it had', async (s) => {
    const platform = s.preferred('ipad');
    const first = await s.client(platform);
    const sig = await s.sig('alice');
    mustMean(await first.login('alice', sig), 'ok', 'login("alice")');
    await s.loggedIn('alice', platform);
    await s.settle();
    await mustHaveBeenKicked(first, `by another ${platform} login`);
    mustMean(await first.login('alice', sig), 'ok', 'login("alice") again with the same ticket after the kick');
    await mustStatus(first, 'logged-in', 'after logging in again');
    await mustUser(first, 'alice', 'after logging in again');
  });
});

describe('kick: server side', () => {
  spec('kick.admin', 'a server-side kick ends every instance of the user, on every platform, each told once, and the user can log in again', async (s) => {
    if (s.has('login-policy')) await s.configure({ policy: 'multi-platform', maxInstances: { web: 2 } });
    // An instance on every platform the SDK has (the default policy, multi-platform, lets them all be
    // online at once), and a second web one where the console allows it.
    const platforms = [...s.platforms];
    const clients = [];
    for (const p of platforms) clients.push(await s.loggedIn('alice', p));
    if (s.has('login-policy') && platforms.includes('web')) clients.push(await s.loggedIn('alice', 'web'));
    const bystander = await s.loggedIn('bob', s.preferred('android'));
    mustMean(await s.harness.kick('alice'), 'ok', 'kick("alice")');
    await s.settle();
    for (const c of clients) {
      mustSeeEvents(c, 'kickedOffline', 1, 'after the server-side kick');
      await mustStatus(c, 'logged-out', 'after the server-side kick');
    }
    mustSeeEvents(bystander, 'kickedOffline', 0, "after alice's server-side kick");
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(Object.keys(online).length === 0, `alice is still online after the server-side kick: ${JSON.stringify(online)}`);
    }
    await s.mustLogin(clients[0]!, 'alice');
  });

  spec('kick.admin', 'an instance that is away when kicked is told when it comes back', async (s) => {
    const away = await s.loggedIn('alice', s.preferred('macos'));
    await s.harness.network('drop', away);
    mustMean(await s.harness.kick('alice'), 'ok', 'kick("alice")');
    await s.restore(away);
    mustSeeEvents(away, 'kickedOffline', 1, 'on returning after a server-side kick');
    await mustStatus(away, 'logged-out', 'on returning after a server-side kick');
  }, { needs: ['network-faults'] });
});
