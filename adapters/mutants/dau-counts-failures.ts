// Breaks dau.after-login-only: every login attempt counts its user as active, failed ones too.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override shouldCountActive(): boolean {
    return true;
  }
}
export default createReferenceAdapter({ name: 'mutant:dau-counts-failures', Server });
