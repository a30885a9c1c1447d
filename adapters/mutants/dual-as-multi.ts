// Breaks multi.policy-kicks: dual-platform is treated as multi-platform, so two mobile or
// desktop platforms stay online together instead of the newer kicking the older.
import { createReferenceAdapter, ReferenceServer, type Session } from '../reference/index.ts';
import { admission } from '../reference/policy.ts';

class Server extends ReferenceServer {
  protected override admit(candidate: Session): Session[] {
    if (this.policy !== 'dual-platform') return super.admit(candidate);
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const others = this.sessions.filter((s) => s.userId === candidate.userId && !own.includes(s));
    return [...own, ...admission(others, candidate, { policy: 'multi-platform', maxInstances: this.maxInstances })];
  }
}
export default createReferenceAdapter({ name: 'mutant:dual-as-multi', Server });
