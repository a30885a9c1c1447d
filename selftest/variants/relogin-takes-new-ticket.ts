// A correct implementation the page allows: logging in again as the user already logged in goes
// on with the new ticket (its expiry), as a new session, instead of keeping the old one. The page
// says only not to call login too often; which ticket the session then carries is left open.
import { createReferenceAdapter, ReferenceClient, type LoginPlan } from '../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  protected override planLogin(userId: string): LoginPlan {
    const plan = super.planLogin(userId);
    // A login on the connection that holds the session: the server replaces it with the new ticket's.
    return plan === 'already' ? 'fresh' : plan;
  }
}
export default createReferenceAdapter({ name: 'variant: a repeated login takes the new ticket', Client });
