// A correct implementation the page allows: the server-side kick of a user who never signed up
// answers "no such account" (Tencent's 70107) instead of ok. The page says nothing of that case.
import { defineAdapter } from '../../adapters/contract.ts';
import { createReferenceAdapter } from '../../adapters/reference/index.ts';

const reference = createReferenceAdapter({ name: 'variant: kick of an unknown user is 70107' });

export default defineAdapter({
  ...reference,
  async start(options) {
    const harness = await reference.start(options);
    return {
      ...harness,
      async kick(userId: string) {
        if (!(await harness.accounts!.exists(userId))) return { code: 70107, desc: 'account not found' };
        return harness.kick!(userId);
      },
    };
  },
});
