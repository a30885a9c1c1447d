// dau: daily active users are counted from successful logins only.
import { describe } from 'vitest';
import { TICKET_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustFail } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

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
});
