// Hostile: slow answers, timed against the run's own deadline (--timeout): logout() answers after
// half of it (slow but in time: must pass), getLoginUser() after four (must fail, even with the
// round trips a deadline gains for the other calls in flight beside it).
import { runConfig } from '../../../fixtures/run-config.ts';
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

const { timeoutMs } = runConfig();
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Client extends ReferenceClient {
  override async logout() {
    await after(timeoutMs * 0.5);
    return super.logout();
  }
  override async getLoginUser() {
    await after(timeoutMs * 4);
    return super.getLoginUser();
  }
}
export default createReferenceAdapter({ name: 'hostile:slow', Client });
