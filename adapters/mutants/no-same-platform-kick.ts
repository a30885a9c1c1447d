// Breaks multi.same-platform-default: two instances per platform by default.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';
import { PLATFORMS } from '../contract.ts';

class Server extends ReferenceServer {
  constructor(...args: ConstructorParameters<typeof ReferenceServer>) {
    super(...args);
    for (const platform of PLATFORMS) this.maxInstances[platform] = 2;
  }
}
export default createReferenceAdapter({ name: 'mutant:no-same-platform-kick', Server });
