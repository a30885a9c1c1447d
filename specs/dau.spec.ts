// dau: daily active users are counted from successful logins only.
import { describe } from 'vitest';
import { TICKET_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustFail, mustMean } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

const DAY_MS = 86_400_000;

describe('dau', () => {
  spec('dau.after-login-only', 'failed logins and calls before login count nobody; each user counts once a day after logging in', async (s) => {
    const before = await s.harness.dailyActiveUsers();
    const c = await s.client();
    mustFail(await c.login('alice', await s.sig('alice', { signWith: 'wrong-key' })), TICKET_REJECTIONS, 'login("alice") with a forged ticket');
    await c.getConversationList();
    for (const api of s.adapter.gatedApis) await c.callGated(api, { to: 'bob', text: 'x' });
    const afterFailures = await s.harness.dailyActiveUsers();
    must(afterFailures === before, `DAU went from ${before} to ${afterFailures} after a failed login and calls before login`);
    await s.mustLogin(c, 'alice');
    await s.loggedIn('alice', s.preferred('web'));
    const afterAlice = await s.harness.dailyActiveUsers();
    must(afterAlice === before + 1, `DAU is ${afterAlice} after alice logged in on two devices; expected ${before + 1}`);
    await s.loggedIn('bob', s.preferred('android'));
    const afterBob = await s.harness.dailyActiveUsers();
    must(afterBob === before + 2, `DAU is ${afterBob} after bob logged in too; expected ${before + 2}`);
  });

  spec('dau.after-login-only', 'users count on the day they log in: two logins a millisecond apart both count; the next day alice counts again', async (s) => {
    const before = await s.harness.dailyActiveUsers();
    const alice = await s.loggedIn('alice', s.preferred('android'));
    await s.harness.advanceClock(1);
    const bob = await s.loggedIn('bob', s.preferred('web'));
    const today = await s.harness.dailyActiveUsers();
    must(today === before + 2, `DAU is ${today} after alice and bob logged in a millisecond apart; expected ${before + 2}`);
    mustMean(await alice.logout(), 'ok', 'alice.logout()');
    mustMean(await bob.logout(), 'ok', 'bob.logout()');
    await s.harness.advanceClock(2 * DAY_MS); // another day, whatever the time of day was
    const nextDay = await s.harness.dailyActiveUsers();
    await s.mustLogin(alice, 'alice');
    const afterAlice = await s.harness.dailyActiveUsers();
    must(afterAlice === nextDay + 1, `DAU went from ${nextDay} to ${afterAlice} when alice logged in on a new day; expected ${nextDay + 1}`);
  }, { needs: ['virtual-clock'] });
});
