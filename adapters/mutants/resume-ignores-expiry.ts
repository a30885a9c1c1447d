// Breaks reconnect.expired-while-away: a session whose ticket ran out while its connection was
// down is neither expired nor refused on return: it silently carries on.
import { createReferenceAdapter, ReferenceServer, type Session } from '../reference/index.ts';

class Server extends ReferenceServer {
  protected override expire(session: Session): void {
    if (session.connection.open) super.expire(session);
  }
  protected override ticketValidOnResume(): boolean {
    return true;
  }
}
export default createReferenceAdapter({ name: 'mutant:resume-ignores-expiry', Server });
