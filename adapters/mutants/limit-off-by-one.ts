// Breaks multi.per-platform-limit: a configured maximum of N lets N + 1 instances stay online.
import { createReferenceAdapter, ReferenceServer, type Session } from '../reference/index.ts';
import { admission } from '../reference/policy.ts';

class Server extends ReferenceServer {
  protected override admit(candidate: Session): Session[] {
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const others = this.sessions.filter((s) => s.userId === candidate.userId && !own.includes(s));
    const max = this.maxInstances[candidate.platform];
    const maxInstances = { ...this.maxInstances, [candidate.platform]: max > 1 ? max + 1 : max };
    return [...own, ...admission(others, candidate, { policy: this.policy, maxInstances })];
  }
}
export default createReferenceAdapter({ name: 'mutant:limit-off-by-one', Server });
