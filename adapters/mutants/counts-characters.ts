// Breaks user-id.bytes-not-chars: letters of any script are allowed and the limit counts
// UTF-16 code units instead of UTF-8 bytes.
import { createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override validateUserId(userId: string): boolean {
    return userId.length >= 1 && userId.length <= 32 && /^[\p{L}\p{N}\p{Extended_Pictographic}_-]+$/u.test(userId);
  }
}
export default createReferenceAdapter({ name: 'mutant:counts-characters', Server });
