// Breaks user-id.no-silent-rewrite: user IDs are lower-cased (the ticket's ID too, before
// comparing), so "Alice" and "alice" are one user.
import { createReferenceAdapter, decodeTicket, ReferenceClient, ReferenceServer } from '../reference/index.ts';

class Client extends ReferenceClient {
  override login(userId: string, userSig: string) {
    return super.login(userId.toLowerCase(), userSig);
  }
}
class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    const owner = decodeTicket(userSig)?.['TLS.identifier'];
    return super.verifyTicket(owner !== undefined && owner.toLowerCase() === userId ? owner : userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:folds-case', Client, Server });
