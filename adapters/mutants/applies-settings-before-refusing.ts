// Breaks multi.limit-bounds: a console change is applied field by field, in the order given, and
// refused at its first bad value, so whatever came before it stays applied: the policy, and the
// maxima listed ahead of the one out of bounds.
import type { Answer, LoginSettings } from '../contract.ts';
import { CODES, createReferenceAdapter, ReferenceServer } from '../reference/index.ts';

class Server extends ReferenceServer {
  override configure(change: LoginSettings): Answer {
    const fields: LoginSettings[] = [...(change.policy === undefined ? [] : [{ policy: change.policy }]), ...Object.entries(change.maxInstances ?? {}).map(([p, n]) => ({ maxInstances: { [p]: n } }))];
    for (const field of fields) {
      const answer = super.configure(field);
      if (answer.code !== CODES.ok) return answer;
    }
    return { code: CODES.ok };
  }
}
export default createReferenceAdapter({ name: 'mutant:applies-settings-before-refusing', Server });
