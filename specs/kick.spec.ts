// kick: a kicked user comes back by logging in again.
import { describe } from 'vitest';
import { mustHaveBeenKicked, mustMean, mustStatus, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('kick', () => {
  spec('kick.relogin', 'a client kicked by another login logs in again with the ticket it had', async (s) => {
    const first = await s.client('ipad');
    const sig = await s.sig('alice');
    mustMean(await first.login('alice', sig), 'ok', 'login("alice")');
    await s.loggedIn('alice', 'ipad');
    await s.settle();
    await mustHaveBeenKicked(first, 'by another ipad login');
    mustMean(await first.login('alice', sig), 'ok', 'login("alice") again with the same ticket after the kick');
    await mustStatus(first, 'logged-in', 'after logging in again');
    await mustUser(first, 'alice', 'after logging in again');
  });
});
