// Hostile: a successful login() reports 100,000 messageReceived events before it answers.
import { createReferenceAdapter, ReferenceClient } from '../../../adapters/reference/index.ts';

export const FLOOD = 100_000;

class Client extends ReferenceClient {
  override async login(userId: string, userSig: string) {
    const answer = await super.login(userId, userSig);
    if (answer.code === 0) for (let i = 0; i < FLOOD; i++) this.emit({ kind: 'messageReceived', from: 'flood', text: `#${i}` });
    return answer;
  }
}
export default createReferenceAdapter({ name: 'hostile:floods-events', Client });
