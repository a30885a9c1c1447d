// Breaks reconnect.no-self-kick: a resumed session is admitted again like a new login, and
// the admission forgets to leave the session itself out, so it kicks itself.
import { createReferenceAdapter, ReferenceServer, type Connection } from '../reference/index.ts';
import { admission } from '../reference/policy.ts';

class Server extends ReferenceServer {
  protected override resume(connection: Connection, request: Parameters<ReferenceServer['resume']>[1]) {
    const answer = super.resume(connection, request);
    const session = connection.session;
    if (answer.code !== 0 || !session) return answer;
    const mine = this.sessions.filter((s) => s.userId === session.userId);
    for (const victim of admission(mine, session, { policy: this.policy, maxInstances: this.maxInstances })) this.kick(victim);
    return answer;
  }
}
export default createReferenceAdapter({ name: 'mutant:resume-counts-as-new-device', Server });
