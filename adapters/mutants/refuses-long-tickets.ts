// Breaks ticket.valid above one day: the server refuses a ticket valid for longer than a day
// (TLS.expire > 86400), though Tencent's own default validity is 180 days.
import { createReferenceAdapter, decodeTicket, ReferenceServer } from '../reference/index.ts';
import type { TicketVerdict } from '../reference/index.ts';

const DAY_SECONDS = 86_400;

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string): TicketVerdict {
    const verdict = super.verifyTicket(userId, userSig);
    const expire = decodeTicket(userSig)?.['TLS.expire'] ?? 0;
    return verdict.ok && expire > DAY_SECONDS ? { ok: false, reason: 'invalid' } : verdict;
  }
}
export default createReferenceAdapter({ name: 'mutant:refuses-long-tickets', Server });
