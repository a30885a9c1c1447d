// Breaks multi.policy-allows: dual-platform is enforced like single-platform, so web kicks too.
import { createReferenceAdapter, ReferenceServer, type Session } from '../reference/index.ts';
import { admission } from '../reference/policy.ts';

class Server extends ReferenceServer {
  protected override admit(candidate: Session): Session[] {
    if (this.policy !== 'dual-platform') return super.admit(candidate);
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const others = this.sessions.filter((s) => s.userId === candidate.userId && !own.includes(s));
    return [...own, ...admission(others, candidate, { policy: 'single-platform', maxInstances: this.maxInstances })];
  }
}
export default createReferenceAdapter({ name: 'mutant:dual-as-single', Server });
