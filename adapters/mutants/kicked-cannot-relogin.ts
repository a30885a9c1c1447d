// Breaks kick.relogin: once kicked, the client refuses to log in again until unInit.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { ClientEvent } from '../contract.ts';

class Client extends ReferenceClient {
  #kicked = false;
  protected override emit(event: ClientEvent): void {
    if (event.kind === 'kickedOffline') this.#kicked = true;
    super.emit(event);
  }
  override async login(userId: string, userSig: string) {
    if (this.#kicked && this.initialized) return { code: 6208, desc: 'kicked offline' };
    return super.login(userId, userSig);
  }
}
export default createReferenceAdapter({ name: 'mutant:kicked-cannot-relogin', Client });
