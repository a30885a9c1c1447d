// Breaks ticket.tampered: the ticket's signature leaves TLS.identifier out. The business server's
// signing code and the server's check follow the same wrong recipe, so every ticket issued works
// and only a rewritten one tells: bob's ticket, renamed to alice, logs alice in.
import type { Adapter } from '../contract.ts';
import { createReferenceAdapter, decodeTicket, encodeTicket, ReferenceServer, type TicketVerdict } from '../reference/index.ts';

/** The ticket naming another user, in the format's canonical spelling, its signature kept. */
function renamed(ticket: string, userId: string): string {
  return encodeTicket({ ...decodeTicket(ticket)!, 'TLS.identifier': userId });
}

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string): TicketVerdict {
    const doc = decodeTicket(userSig);
    if (!doc) return super.verifyTicket(userId, userSig);
    // The signature is checked as if the ticket named nobody; the user it names is then trusted as written.
    const verdict = super.verifyTicket('', renamed(userSig, ''));
    return verdict.ok && doc['TLS.identifier'] !== userId ? { ok: false, reason: 'user-mismatch' } : verdict;
  }
}

const reference = createReferenceAdapter({ name: 'mutant:unsigned-identifier', Server });
const adapter: Adapter = {
  ...reference,
  // Its business server signs the same way: a ticket for nobody, then named after the user.
  async start(options) {
    const harness = await reference.start(options);
    const issueSig = harness.issueSig.bind(harness);
    return Object.assign(harness, { issueSig: async (userId: string, o?: Parameters<typeof issueSig>[1]) => renamed(await issueSig('', o), userId) });
  },
};
export default adapter;
