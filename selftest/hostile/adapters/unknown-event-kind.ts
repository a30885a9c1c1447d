// Hostile: a successful login() also reports an event of a kind the contract does not have.
import type { ClientEvent } from '../../../adapters/contract.ts';
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override async login(userId: string, userSig: string) {
    const answer = await super.login(userId, userSig);
    if (answer.code === 0) this.emit({ kind: 'loggedInElsewhere' } as unknown as ClientEvent);
    return answer;
  }
}
export default createReferenceAdapter({ name: 'hostile:unknown-event-kind', Client });
