// Hostile: a successful login() also reports a connectSuccess that no connecting came before:
// an extra event, well-formed but out of sequence.
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override async login(userId: string, userSig: string) {
    const answer = await super.login(userId, userSig);
    if (answer.code === 0) this.emit({ kind: 'connectSuccess' });
    return answer;
  }
}
export default createReferenceAdapter({ name: 'hostile:connect-out-of-nowhere', Client });
