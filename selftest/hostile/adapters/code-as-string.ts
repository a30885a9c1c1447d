// Hostile: logout() answers its code as a string ({ code: "0" }): the wrong type for an Answer.
import type { Answer } from '../../../adapters/contract.ts';
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override async logout() {
    const answer = await super.logout();
    return { ...answer, code: String(answer.code) } as unknown as Answer;
  }
}
export default createReferenceAdapter({ name: 'hostile:code-as-string', Client });
