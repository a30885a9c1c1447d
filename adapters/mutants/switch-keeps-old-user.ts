// Breaks switch.last-wins: switching accounts sends no logout for the old user, and the server
// keys sessions by user, so the old user stays online on the same device.
import { createReferenceAdapter, ReferenceClient, ReferenceServer, type LoginPlan, type Session } from '../reference/index.ts';

class Client extends ReferenceClient {
  protected override planLogin(userId: string): LoginPlan {
    const plan = super.planLogin(userId);
    return plan === 'switch' ? 'fresh' : plan;
  }
}
class Server extends ReferenceServer {
  protected override admit(candidate: Session): Session[] {
    return super.admit(candidate).filter((s) => s.connection !== candidate.connection || s.userId === candidate.userId);
  }
}
export default createReferenceAdapter({ name: 'mutant:switch-keeps-old-user', Client, Server });
