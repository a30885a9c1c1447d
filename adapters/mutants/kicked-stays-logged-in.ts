// Breaks multi.kicked-state: after onKickedOffline the client still says it is logged in.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { ClientEvent } from '../contract.ts';

class Client extends ReferenceClient {
  #kicked = false;
  protected override emit(event: ClientEvent): void {
    if (event.kind === 'kickedOffline') this.#kicked = true;
    super.emit(event);
  }
  override login(userId: string, userSig: string) {
    this.#kicked = false;
    return super.login(userId, userSig);
  }
  override async getLoginStatus() {
    const answer = await super.getLoginStatus();
    return this.#kicked && answer.code === 0 ? { ...answer, data: 'logged-in' } : answer;
  }
}
export default createReferenceAdapter({ name: 'mutant:kicked-stays-logged-in', Client });
