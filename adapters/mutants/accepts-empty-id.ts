// Breaks user-id.empty: an empty user ID passes validation.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override validateUserId(userId: string): boolean {
    return userId === '' || super.validateUserId(userId);
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-empty-id', Server });
