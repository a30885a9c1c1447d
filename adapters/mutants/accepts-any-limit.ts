// Breaks multi.limit-bounds: the console accepts any per-platform maximum, 11 web instances included.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override maxInstancesAllowed(): number {
    return 100;
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-any-limit', Server });
