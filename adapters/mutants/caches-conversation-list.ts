// Breaks gating.conversation-list-early on its far side: the conversation list, once fetched while
// logged in, is kept in memory and served after a logout or a kick, to whoever holds the instance.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { GatedApi } from '../contract.ts';

class Client extends ReferenceClient {
  #cached = false; // filled by a fetch while logged in; nothing clears it

  protected override canCall(api: GatedApi | 'getConversationList'): boolean {
    if (api !== 'getConversationList') return super.canCall(api);
    if (this.status === 'logged-in') this.#cached = true;
    return this.#cached || super.canCall(api);
  }
}
export default createReferenceAdapter({ name: 'mutant:caches-conversation-list', Client });
