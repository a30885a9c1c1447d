// Hostile: after unInit() has answered, the SDK still reports events: the next call on the
// uninitialised instance (which rightly answers not-initialized) sets off a reconnect attempt.
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override login(userId: string, userSig: string) {
    if (!this.initialized) this.emit({ kind: 'connecting' });
    return super.login(userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'hostile:events-after-uninit', Client });
