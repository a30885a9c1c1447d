// Breaks ticket.expired-at-login on the other side of the limit: a ticket is refused in its last
// minute (a clock-skew margin applied the wrong way), while it is still valid.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

const MARGIN_SECONDS = 60;

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    const verdict = super.verifyTicket(userId, userSig);
    return verdict.ok && verdict.expiresAtSeconds - this.clock.now() / 1000 <= MARGIN_SECONDS ? { ok: false as const, reason: 'expired' as const } : verdict;
  }
}
export default createReferenceAdapter({ name: 'mutant:expires-early', Server });
