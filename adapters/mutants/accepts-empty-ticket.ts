// Breaks ticket.empty: an empty ticket is taken as a development-mode login.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    return userSig === '' ? { ok: true as const, expiresAtSeconds: Math.floor(this.clock.now() / 1000) + 86_400 } : super.verifyTicket(userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-empty-ticket', Server });
