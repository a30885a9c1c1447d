// Breaks gating.before-login: joinGroup is exempt from gating on the client and the server
// (as the official web SDK does for live-streaming groups).
import { createReferenceAdapter, ReferenceClient, ReferenceServer, type Session } from '../reference/index.ts';
import type { GatedApi } from '../contract.ts';

class Server extends ReferenceServer {
  protected override handleCall(session: Session | undefined, api: GatedApi, args: Record<string, unknown> | undefined) {
    return api === 'joinGroup' ? { code: 0 } : super.handleCall(session, api, args);
  }
}
class Client extends ReferenceClient {
  protected override canCall(api: GatedApi | 'getConversationList'): boolean {
    return api === 'joinGroup' || super.canCall(api);
  }
}
export default createReferenceAdapter({ name: 'mutant:leaks-join-group', Server, Client });
