// Breaks ticket.tampered: a ticket that decodes is trusted without checking its signature.
import { createReferenceAdapter, decodeTicket, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    const verdict = super.verifyTicket(userId, userSig);
    const doc = decodeTicket(userSig);
    if (verdict.ok || !doc || doc['TLS.identifier'] !== userId) return verdict;
    return { ok: true as const, expiresAtSeconds: doc['TLS.time'] + doc['TLS.expire'] };
  }
}
export default createReferenceAdapter({ name: 'mutant:skips-signature', Server });
