// Breaks multi.limit-bounds at its lower end: the console refuses a per-platform maximum of 1 (its
// lower bound off by one), though one instance per platform is what the page allows.
import type { Answer, LoginSettings } from '../contract.ts';
import { CODES, createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  override configure(change: LoginSettings): Answer {
    if (Object.values(change.maxInstances ?? {}).includes(1)) return { code: CODES.invalidParameters, desc: 'a maximum must be at least 2' };
    return super.configure(change);
  }
}
export default createReferenceAdapter({ name: 'mutant:refuses-limit-of-one', Server });
