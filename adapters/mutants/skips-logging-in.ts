// Breaks status.values: getLoginStatus reports "logged-out" while a login is in progress.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override async getLoginStatus() {
    const answer = await super.getLoginStatus();
    return answer.data === 'logging-in' ? { ...answer, data: 'logged-out' } : answer;
  }
}
export default createReferenceAdapter({ name: 'mutant:skips-logging-in', Client });
