// Breaks multi.same-platform-default: the kicked instance goes offline without onKickedOffline.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { ClientEvent } from '../contract.ts';

class Client extends ReferenceClient {
  protected override emit(event: ClientEvent): void {
    if (event.kind !== 'kickedOffline') super.emit(event);
  }
}
export default createReferenceAdapter({ name: 'mutant:silent-kick', Client });
