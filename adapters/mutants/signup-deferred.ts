// Breaks signup.auto: the first successful login is let in, but the account only appears on
// the user's second login (sign-up queued behind the first session).
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  #seen = new Set<string>();
  protected override shouldCreateAccount(userId: string, code: number): boolean {
    if (code !== 0) return false;
    if (this.#seen.has(userId)) return true;
    this.#seen.add(userId);
    return false;
  }
}
export default createReferenceAdapter({ name: 'mutant:signup-deferred', Server });
