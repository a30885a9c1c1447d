// Breaks logout.when-logged-out: logout without a login answers an undocumented error.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override logout() {
    return this.initialized && this.status === 'logged-out' ? Promise.resolve({ code: -1, desc: 'internal error: no session' }) : super.logout();
  }
}
export default createReferenceAdapter({ name: 'mutant:logout-errors-when-logged-out', Client });
