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
    capabilities: ['virtual-clock', 'accounts', 'online-state', 'messaging', 'login-policy', 'network-faults', 'admin-kick', 'metrics'],
    gatedApis: GATED_APIS,
    start: (options) => startReference({ ...parts, ...(options?.link ? { link: options.link } : {}) }),
  });
}

export default createReferenceAdapter();

export { startReference, type ReferenceHarness, type ReferenceOptions, type ServerClass, type ClientClass } from './harness.ts';
export { ReferenceServer, ADMIN_IDENTIFIER, DAY_MS, type Session, type Connection, type EndReason, type Presence, type ServerOptions } from './server.ts';
export {
  ReferenceClient,
  RECONNECT_INITIAL_BACKOFF_MS,
  RECONNECT_MAX_BACKOFF_MS,
  reconnectDelayMs,
  type LoginPlan,
  type Timers,
} from './client.ts';
export { admission, applySettings, defaultSettings, maxInstancesBound, platformsConflict, DEFAULT_POLICY, DEFAULT_MAX_INSTANCES, type Settings } from './policy.ts';
export { TENCENT_PLATFORM_NAMES, MAX_CHECK_ITEMS, MAX_QUERY_ACCOUNTS } from './admin-api.ts';
export { VirtualClock } from './clock.ts';
export { CODES, REST_CODES } from './codes.ts';
export { issueTicket, verifyTicket, decodeTicket, encodeTicket, type TicketVerdict } from './tls-sig.ts';
