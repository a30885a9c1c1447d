// Breaks kick.admin on a platform the kick spec did not use to try: the server-side kick ends the
// user's instances on every platform but iphone.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override adminKick(userId: string): void {
    for (const session of this.sessions.filter((s) => s.userId === userId && s.platform !== 'iphone')) this.kick(session);
  }
}
export default createReferenceAdapter({ name: 'mutant:admin-kick-misses-iphone', Server });
