// Breaks user-id.max-bytes: the length check is off by one.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override validateUserId(userId: string): boolean {
    const bytes = Buffer.byteLength(userId, 'utf8');
    return bytes >= 1 && bytes <= 33 && /^[A-Za-z0-9_-]+$/.test(userId);
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-33-byte-ids', Server });
