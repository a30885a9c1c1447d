// Breaks logout.uninit: after unInit the status queries still answer as if initialised.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';

class Client extends ReferenceClient {
  override async getLoginStatus() {
    return this.initialized ? super.getLoginStatus() : { code: 0, data: 'logged-out' };
  }
  override async getLoginUser() {
    return this.initialized ? super.getLoginUser() : { code: 0, data: '' };
  }
}
export default createReferenceAdapter({ name: 'mutant:works-after-uninit', Client });
