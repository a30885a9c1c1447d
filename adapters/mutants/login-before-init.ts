// Breaks init.before-init: login initialises the SDK by itself instead of refusing.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override async login(userId: string, userSig: string) {
    if (!this.initialized) await this.init();
    return super.login(userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:login-before-init', Client });
