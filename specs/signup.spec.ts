// signup: accounts are created by the first successful login, and only by it.
import fc from 'fast-check';
import { describe } from 'vitest';
import { TICKET_REJECTIONS, USER_ID_REJECTIONS } from '../fixtures/codes.ts';
import { must, mustMean, mustUser } from '../fixtures/scene.ts';
import { property, spec } from '../fixtures/spec.ts';

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

  spec('signup.only-on-success', 'no kind of rejected login creates an account (property)', async (s, ctx) => {
    const failures = fc.constantFrom('wrong-key', 'other-app', 'other-user', 'empty', 'too-long-id', 'foreign-char-id');
    await property(ctx, failures, async (failure, s) => {
      const user = failure === 'too-long-id' ? 'x'.repeat(33) : failure === 'foreign-char-id' ? 'x.y' : 'xavier';
      const sig =
        failure === 'wrong-key' || failure === 'other-app' ? await s.sig(user, { signWith: failure })
        : failure === 'other-user' ? await s.sig(`not-${user}`)
        : failure === 'empty' ? ''
        : await s.sig(user);
      const meanings = failure.endsWith('-id') ? USER_ID_REJECTIONS : TICKET_REJECTIONS;
      await s.mustRejectLogin(await s.client(), user, sig, meanings);
    }, { runs: 24 });
  });

  spec('signup.idempotent', 'logging in again after logout works, and the account is still there', async (s) => {
    const c = await s.loggedIn('alice');
    mustMean(await c.logout(), 'ok', 'logout()');
    await s.mustLogin(c, 'alice');
    await s.mustLogin(await s.client(s.preferred('web')), 'alice');
    if (s.has('accounts')) must(await s.harness.accountExists('alice'), 'the account "alice" is gone after logging in again');
  });
});
