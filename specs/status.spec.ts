// status: getLoginUser and getLoginStatus tell the truth at every step.
import { describe } from 'vitest';
import { EMPTY_TICKET_REJECTIONS, TICKET_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustFail, mustMean, mustStatus, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('status', () => {
  spec('status.login-user', 'getLoginUser is empty before login, the user after it, and empty after logout', async (s) => {
    const c = await s.client();
    await mustUser(c, '', 'before login');
    await s.mustLogin(c, 'alice');
    await mustUser(c, 'alice', 'after logging in');
    mustMean(await c.logout(), 'ok', 'logout()');
    await mustUser(c, '', 'after logout');
  });

  spec('status.login-user', 'after a failed login, getLoginUser is empty', async (s) => {
    const c = await s.client();
    mustFail(await c.login('alice', await s.sig('alice', { signWith: 'wrong-key' })), TICKET_REJECTIONS, 'login("alice") with a forged ticket');
    await mustUser(c, '', 'after the failed login');
  });

  spec('status.values', 'status goes logged-out, logging-in, logged-in, and logged-out again on logout', async (s) => {
    const c = await s.client();
    await mustStatus(c, 'logged-out', 'before login');
    const login = c.login('alice', await s.sig('alice'));
    // Asked in the same tick as the login: the SDK must already say "logging in".
    const during = c.getLoginStatus();
    mustMean(await during, 'ok', 'getLoginStatus() during login');
    const seen = (await during).data;
    mustMean(await login, 'ok', 'login("alice")');
    must(seen === 'logging-in', `getLoginStatus() right after login was called is "${String(seen)}"; expected "logging-in"`);
    await mustStatus(c, 'logged-in', 'after the login succeeded');
    mustMean(await c.logout(), 'ok', 'logout()');
    await mustStatus(c, 'logged-out', 'after logout');
  });

  spec('status.values', 'a logout called while the login is still running ends logged out, whatever the login answers', async (s) => {
    const c = await s.client();
    const login = c.login('alice', await s.sig('alice'));
    const logout = c.logout(); // in the same tick: the login's answer has not arrived
    await login;
    mustMean(await logout, 'ok', 'logout() while the login was running');
    await s.settle();
    await mustStatus(c, 'logged-out', 'after a logout that overtook the login');
    await mustUser(c, '', 'after a logout that overtook the login');
    if (s.has('online-state')) {
      const online = await s.harness.onlineState('alice');
      must(!online[c.platform], `the server shows alice online (${JSON.stringify(online)}) after her instance logged out during its login`);
    }
  });

  spec('status.values', 'a failed login goes back to logged-out', async (s) => {
    const c = await s.client();
    mustFail(await c.login('alice', ''), EMPTY_TICKET_REJECTIONS, 'login("alice") with an empty ticket');
    await mustStatus(c, 'logged-out', 'after the failed login');
  });
});
