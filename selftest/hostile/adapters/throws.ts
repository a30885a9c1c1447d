// Hostile: logout() throws (synchronously, before returning any promise).
import type { Answer } from '../../../adapters/contract.ts';
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override logout(): Promise<Answer> {
    throw new TypeError('hostile: cannot read properties of undefined (reading "session")');
  }
}
export default createReferenceAdapter({ name: 'hostile:throws', Client });
