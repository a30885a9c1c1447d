// Breaks signup.only-on-success: the account is created on every login attempt.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override shouldCreateAccount(): boolean {
    return true;
  }
}
export default createReferenceAdapter({ name: 'mutant:signs-up-on-failure', Server });
