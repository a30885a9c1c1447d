// Breaks status.login-user: getLoginUser reports the last user who tried, even after a failure.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  #lastTried = '';
  override login(userId: string, userSig: string) {
    if (this.initialized) this.#lastTried = userId;
    return super.login(userId, userSig);
  }
  override async getLoginUser() {
    const answer = await super.getLoginUser();
    return answer.code === 0 && this.status !== 'logged-out' ? answer : { ...answer, data: answer.code === 0 ? this.#lastTried : answer.data };
  }
}
export default createReferenceAdapter({ name: 'mutant:keeps-failed-user', Client });
