// The reference adapter: the built-in implementation the suite runs by default, and the base
// that mutants (broken on purpose) subclass.
import { defineAdapter, GATED_APIS, type Adapter } from '../contract.ts';
import { startReference, type ReferenceOptions } from './harness.ts';

export interface ReferenceAdapterOptions extends ReferenceOptions {
  name?: string;
  version?: string;
}

export function createReferenceAdapter({ name = 'reference', version = '0.1.0', ...parts }: ReferenceAdapterOptions = {}): Adapter {
  return defineAdapter({
    name,
    version,
    capabilities: ['virtual-clock', 'accounts', 'online-state', 'messaging'],
    gatedApis: GATED_APIS,
    start: () => startReference(parts),
  });
}

export default createReferenceAdapter();

export { startReference, type ReferenceHarness, type ReferenceOptions, type ServerClass, type ClientClass } from './harness.ts';
export { ReferenceServer, type Session, type Connection, type ServerOptions } from './server.ts';
export { ReferenceClient, type LoginPlan } from './client.ts';
export { VirtualClock } from './clock.ts';
export { CODES } from './codes.ts';
export { issueTicket, verifyTicket, decodeTicket, type TicketVerdict } from './tls-sig.ts';
