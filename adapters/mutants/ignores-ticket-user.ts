// Breaks ticket.wrong-user: any valid ticket of the app logs in any user.
import { createReferenceAdapter, decodeTicket, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    const owner = decodeTicket(userSig)?.['TLS.identifier'];
    return super.verifyTicket(owner ?? userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:ignores-ticket-user', Server });
