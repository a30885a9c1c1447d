// Breaks multi.newest-wins-under-race: admission reads a cached view of the sessions that is
// refreshed once per event-loop turn, so logins arriving together do not see each other and
// several stay online where the limit allows one. Logins one after another are unaffected.
import { createReferenceAdapter, ReferenceServer, type Session } from '../reference/index.ts';
import { admission } from '../reference/policy.ts';

class Server extends ReferenceServer {
  #cached: Session[] | undefined;
  protected override admit(candidate: Session): Session[] {
    if (!this.#cached) {
      this.#cached = [...this.sessions];
      setImmediate(() => (this.#cached = undefined));
    }
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const others = this.#cached.filter((s) => s.userId === candidate.userId && !own.includes(s) && this.sessions.includes(s));
    return [...own, ...admission(others, candidate, { policy: this.policy, maxInstances: this.maxInstances })];
  }
}
export default createReferenceAdapter({ name: 'mutant:stale-admission-under-race', Server });
