// Breaks repeat.same-user: logging in again as the logged-in user is answered with an error.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override async login(userId: string, userSig: string) {
    if (this.initialized && this.status === 'logged-in' && this.user === userId) return { code: 2025, desc: 'repeatLogin' };
    return super.login(userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:relogin-refused', Client });
