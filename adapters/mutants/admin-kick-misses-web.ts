// Breaks kick.admin: the server-side kick ends the user's native instances but not web ones.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override adminKick(userId: string): void {
    for (const session of this.sessions.filter((s) => s.userId === userId && s.platform !== 'web')) this.kick(session);
  }
}
export default createReferenceAdapter({ name: 'mutant:admin-kick-misses-web', Server });
