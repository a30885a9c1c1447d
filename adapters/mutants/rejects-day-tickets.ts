// Breaks ticket.valid: the server caps a ticket's validity below one day, so an ordinary
// ticket (TLS.expire = 86400) issued by the business server is refused.
import { createReferenceAdapter, decodeTicket, ReferenceServer } from '../reference/index.ts';
import type { TicketVerdict } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string): TicketVerdict {
    const verdict = super.verifyTicket(userId, userSig);
    const expire = decodeTicket(userSig)?.['TLS.expire'] ?? 0;
    return verdict.ok && expire >= 86_400 ? { ok: false, reason: 'invalid' } : verdict;
  }
}
export default createReferenceAdapter({ name: 'mutant:rejects-day-tickets', Server });
