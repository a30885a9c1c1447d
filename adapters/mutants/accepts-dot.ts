// Breaks user-id.charset: '.' is let into user IDs.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override validateUserId(userId: string): boolean {
    const bytes = Buffer.byteLength(userId, 'utf8');
    return bytes >= 1 && bytes <= 32 && /^[A-Za-z0-9_.-]+$/.test(userId);
  }
}
export default createReferenceAdapter({ name: 'mutant:accepts-dot', Server });
