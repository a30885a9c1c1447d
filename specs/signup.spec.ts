// signup: accounts are created by the first successful login, and only by it.
import { describe } from 'vitest';
import { EMPTY_TICKET_REJECTIONS, TICKET_REJECTIONS, USER_ID_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustMean, mustUser } from '../fixtures/scene.ts';
import { spec } from '../fixtures/spec.ts';

describe('signup', () => {
  spec('signup.auto', 'a never-seen user ID with a valid ticket logs in without any sign-up step', async (s) => {
    const c = await s.client();
    await s.mustLogin(c, 'newcomer');
    await mustUser(c, 'newcomer', 'after the first login');
  });

  spec('signup.auto', 'the account does not exist before the first login and exists after it', async (s) => {
    must(!(await s.harness.accountExists('newcomer')), 'the account "newcomer" exists before any login');
    await s.loggedIn('newcomer');
    must(await s.harness.accountExists('newcomer'), 'the account "newcomer" does not exist after its first successful login');
  }, { needs: ['accounts'] });

  spec('signup.only-on-success', 'no kind of rejected login creates an account: each kind of bad ticket, and each kind of bad ID', async (s) => {
    // A small domain, enumerated: every way the page gives a login to fail, one after another.
    const failures = ['wrong-key', 'other-app', 'other-user', 'empty', 'too-long-id', 'foreign-char-id', ...(s.has('virtual-clock') ? ['expired'] : [])];
    for (const failure of failures) {
      const user = failure === 'too-long-id' ? 'x'.repeat(33) : failure === 'foreign-char-id' ? 'x.y' : `xavier-${failure}`;
      let sig: string;
      if (failure === 'wrong-key' || failure === 'other-app') sig = await s.sig(user, { signWith: failure });
      else if (failure === 'other-user') sig = await s.sig(`not-${user}`);
      else if (failure === 'empty') sig = '';
      else if (failure === 'expired') {
        sig = await s.sig(user, { ttlSeconds: 60 });
        await s.harness.advanceClock(61_000);
      } else sig = await s.sig(user);
      const meanings = failure.endsWith('-id') ? USER_ID_REJECTIONS : failure === 'empty' ? EMPTY_TICKET_REJECTIONS : TICKET_REJECTIONS;
      try {
        await s.mustRejectLogin(await s.client(), user, sig, meanings);
      } catch (e) {
        (e as Error).message = `${failure}: ${(e as Error).message}`;
        throw e;
      }
    }
  });

  spec('signup.idempotent', 'logging in again after logout works, and the account is still there', async (s) => {
    const c = await s.loggedIn('alice');
    mustMean(await c.logout(), 'ok', 'logout()');
    await s.mustLogin(c, 'alice');
    await s.mustLogin(await s.client(s.preferred('web')), 'alice');
    if (s.has('accounts')) must(await s.harness.accountExists('alice'), 'the account "alice" is gone after logging in again');
  });
});
