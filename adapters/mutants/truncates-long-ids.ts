// Breaks user-id.no-silent-rewrite: IDs over 32 bytes are cut to 32 (the ticket's ID too,
// before comparing) instead of being refused.
import { createReferenceAdapter, decodeTicket, ReferenceClient, ReferenceServer } from '../reference/index.ts';

class Client extends ReferenceClient {
  override login(userId: string, userSig: string) {
    return super.login(userId.slice(0, 32), userSig);
  }
}
class Server extends ReferenceServer {
  protected override verifyTicket(userId: string, userSig: string) {
    const owner = decodeTicket(userSig)?.['TLS.identifier'];
    return super.verifyTicket(owner !== undefined && owner.slice(0, 32) === userId ? owner : userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:truncates-long-ids', Client, Server });
