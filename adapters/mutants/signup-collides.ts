// Breaks signup.idempotent: every login tries to sign the user up again, and when the account
// already exists with nobody online, the failed sign-up fails the login.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';
import type { TicketVerdict } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string): TicketVerdict {
    const verdict = super.verifyTicket(userId, userSig);
    const collides = this.accounts.has(userId) && !this.sessions.some((s) => s.userId === userId);
    return verdict.ok && collides ? { ok: false, reason: 'invalid' } : verdict;
  }
}
export default createReferenceAdapter({ name: 'mutant:signup-collides', Server });
