// Hostile: logout() answers without a code ({ desc } only): the wrong shape for an Answer.
import type { Answer } from '../../../adapters/contract.ts';
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override async logout() {
    await super.logout();
    return { desc: 'logged out' } as unknown as Answer;
  }
}
export default createReferenceAdapter({ name: 'hostile:answer-without-code', Client });
