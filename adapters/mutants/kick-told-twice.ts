// Breaks multi.same-platform-default (told once): every kick is pushed twice and the client
// reports each push.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { ClientEvent } from '../contract.ts';

class Client extends ReferenceClient {
  protected override emit(event: ClientEvent): void {
    super.emit(event);
    if (event.kind === 'kickedOffline') super.emit(event);
  }
}
export default createReferenceAdapter({ name: 'mutant:kick-told-twice', Client });
