// Breaks reconnect.auto: after a lost connection the client never tries again by itself.
import { createReferenceAdapter, ReferenceClient } from '../reference/index.ts';
import type { ClientOptions } from '../contract.ts';
import type { ServerLink, Timers } from '../reference/client.ts';

class Client extends ReferenceClient {
  constructor(server: ServerLink, options: ClientOptions, timers: Timers) {
    // The client's only timers are its reconnect attempts: none of them ever fires.
    super(server, options, { now: () => timers.now(), setTimer: () => () => {} });
  }
}
export default createReferenceAdapter({ name: 'mutant:no-auto-reconnect', Client });
