// Breaks ticket.expired-at-login: expiry is not checked at login.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    const verdict = super.verifyTicket(userId, userSig);
    return !verdict.ok && verdict.reason === 'expired' ? { ok: true as const, expiresAtSeconds: Math.floor(this.clock.now() / 1000) + 60 } : verdict;
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-expired-ticket', Server });
