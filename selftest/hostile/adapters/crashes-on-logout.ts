// Hostile, behind a driver (--driver-cmd): logout() kills the process it runs in (SIGKILL, no
// goodbye), so the driver dies mid-call. In a vitest worker it would take the whole CLI down
// with it, so there it refuses to start.
import { isMainThread } from 'node:worker_threads';
import type { Answer } from '../../../adapters/contract.ts';
import { createReferenceAdapter, ReferenceClient, startReference } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override logout(): Promise<Answer> {
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => {});
  }
}
const adapter = createReferenceAdapter({ name: 'hostile:crashes-on-logout', Client });
export default {
  ...adapter,
  start: () => (isMainThread ? startReference({ Client }) : Promise.reject(new Error('crashes-on-logout runs only behind a driver (--driver-cmd)'))),
};
