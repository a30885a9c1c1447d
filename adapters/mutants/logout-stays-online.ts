// Breaks logout.stops-delivery and logout.frees-slot: logout only changes what the client
// reports; the server is not told, so the session stays online and its messages still arrive.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override async logout() {
    if (!this.initialized || this.status === 'logged-out') return super.logout();
    this.status = 'logged-out';
    this.user = '';
    return { code: 0 };
  }
}
export default createReferenceAdapter({ name: 'mutant:logout-stays-online', Client });
