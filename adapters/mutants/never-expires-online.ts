// Breaks ticket.expires-online: a session outlives its ticket silently.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override expire(): void {}
}
export default createReferenceAdapter({ name: 'mutant:never-expires-online', Server });
