// Breaks gating.conversation-list-early: the conversation list waits for a completed login.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { GatedApi } from '../contract.ts';

class Client extends ReferenceClient {
  protected override canCall(api: GatedApi | 'getConversationList'): boolean {
    return api === 'getConversationList' ? this.status === 'logged-in' : super.canCall(api);
  }
}
export default createReferenceAdapter({ name: 'mutant:gates-conversation-list', Client });
