// Hostile: logout() never answers (its promise never settles). With HOSTILE_BLOCKED_MARKER set,
// it first writes its process ID to that file: proof, for the interrupt test, that the run is
// mid-call (and, behind a driver, which process the driver is).
import { writeFileSync } from 'node:fs';
import type { Answer } from '../../../adapters/contract.ts';
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

class Client extends ReferenceClient {
  override logout(): Promise<Answer> {
    const marker = process.env.HOSTILE_BLOCKED_MARKER;
    if (marker) writeFileSync(marker, String(process.pid));
    return new Promise(() => {});
  }
}
export default createReferenceAdapter({ name: 'hostile:never-answers', Client });
