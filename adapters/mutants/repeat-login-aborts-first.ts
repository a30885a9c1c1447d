// Breaks repeat.in-progress: a login while one runs is refused and abandons the running one,
// so the client ends logged out while the server keeps the session online.
import { createReferenceAdapter, ReferenceClient, type LoginPlan } from '../reference/index.ts';

class Client extends ReferenceClient {
  protected override planLogin(userId: string): LoginPlan {
    const plan = super.planLogin(userId);
    if (plan !== 'join') return plan;
    this.leaveSession();
    return 'busy';
  }
}
export default createReferenceAdapter({ name: 'mutant:repeat-login-aborts-first', Client });
