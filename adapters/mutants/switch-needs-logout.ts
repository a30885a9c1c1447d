// Breaks switch.no-logout-needed: a login for another user while logged in is refused
// (as the official web SDK answers repeatLogin) and the first user stays.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override async login(userId: string, userSig: string) {
    if (this.status === 'logged-in' && this.user !== userId) return { code: 2025, desc: 'repeatLogin: log out first' };
    return super.login(userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:switch-needs-logout', Client });
