// Breaks reconnect.keeps-identity: reconnecting resumes the session but loses the user ID.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { ClientEvent } from '../contract.ts';

class Client extends ReferenceClient {
  protected override emit(event: ClientEvent): void {
    if (event.kind === 'connecting' && this.status === 'logged-in') this.user = '';
    super.emit(event);
  }
}
export default createReferenceAdapter({ name: 'mutant:forgets-user-on-reconnect', Client });
