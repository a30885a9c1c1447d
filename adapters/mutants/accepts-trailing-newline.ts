// Breaks user-id.charset: the ID pattern is anchored as PCRE and Python anchor it, where `$` also
// matches before a final "\n", so "alice\n" passes the check. An SDK written from the page did this.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override validateUserId(userId: string): boolean {
    return Buffer.byteLength(userId) <= 32 && /^[A-Za-z0-9_-]+$/.test(userId.replace(/\n$/, ''));
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-trailing-newline', Server });
