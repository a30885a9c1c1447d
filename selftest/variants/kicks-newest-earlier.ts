// A correct implementation the page allows: past a platform's maximum, a new login kicks the
// most recent of the earlier instances there, not the oldest. The page says only that "a newly
// logged in instance will kick out an earlier one".
import { createReferenceAdapter, ReferenceServer, type Session } from '../../adapters/reference/index.ts';
import { admission } from '../../adapters/reference/policy.ts';

class Server extends ReferenceServer {
  protected override admit(candidate: Session): Session[] {
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const others = this.sessions.filter((s) => s.userId === candidate.userId && !own.includes(s));
    // The reference's admission, shown its same-platform instances newest first.
    const samePlatform = others.filter((s) => s.platform === candidate.platform);
    const newestFirst = [...others.filter((s) => s.platform !== candidate.platform), ...samePlatform.reverse()];
    return [...own, ...admission(newestFirst, candidate, { policy: this.policy, maxInstances: this.maxInstances })];
  }
}
export default createReferenceAdapter({ name: 'variant: a login past the maximum kicks the newest earlier instance', Server });
