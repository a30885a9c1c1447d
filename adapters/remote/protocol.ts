// The driver protocol: how the suite talks to a driver process that wraps the SDK under test,
// in any language. JSON-RPC 2.0 over one WebSocket, text frames, one JSON message a frame.
// Every message is defined here, once; `npx im-conformance driver-schema` writes these
// definitions as JSON Schema (adapters/remote/json-schema.ts) for drivers in other languages.
// The requests mirror the adapter contract (adapters/contract.ts) call for call.
import { z } from 'zod';
import { Answer, Capability, ClientEvent, GatedApi, LinkConditions, LoginPolicy, LoginSettings, LoginStatus, Meaning, OnlineInstances, Platform } from '../contract.ts';

/** Bumped on any change a driver must follow; the handshake refuses a different version. */
export const PROTOCOL_VERSION = 1;

/** JSON-RPC error codes a driver answers with (besides the standard -32700..-32603). */
export const ERRORS = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** The wrapped SDK threw (or rejected) instead of answering. */
  sdkThrew: -32000,
  /** The suite asked for a protocol version the driver does not speak. */
  protocolMismatch: -32001,
  /** A request other than handshake or ping before the handshake. */
  handshakeFirst: -32002,
  /** A harness or client ID the driver does not know (on this connection). */
  unknownId: -32003,
} as const;

const id = (what: string) => z.string().min(1).describe(what);
export const HarnessId = id('A harness (deployment) ID the driver gave in its answer to harness.start; unique on the driver.');
export const ClientId = id('A client ID the driver gave in its answer to harness.createClient; unique within its harness.');
export const RequestId = z.number().int().nonnegative().describe('Chosen by the suite: a non-negative integer, unique on the connection.');

const HarnessRef = z.object({ harness: HarnessId });
const ClientRef = z.object({ harness: HarnessId, client: ClientId });
const Nothing = z.null().describe('No value: the call is done.');
const Named = z.object({ name: z.string().min(1), version: z.string().min(1) });

export const HandshakeParams = z.object({
  protocol: z.number().int().positive().describe('The protocol version the suite speaks.'),
  suite: Named.extend({
    catalog: z.string().optional().describe('The fingerprint of the rule catalog the suite judges by: reports with the same fingerprint were judged by the same rules. A driver must not require it.'),
  }).describe('The suite that connects (im-conformance), its version and its rule catalog.'),
});
export const HandshakeResult = z.object({
  protocol: z.number().int().positive().describe('The protocol version the driver speaks; must equal the suite\'s.'),
  driver: Named.describe('The driver program itself.'),
  sdk: Named.describe('The SDK under test: its name and version appear in the report.'),
  capabilities: z.array(Capability).describe('Optional features, from the closed list; the optional requests below are sent only for these.'),
  gatedApis: z.array(GatedApi).min(1).describe('Which representative gated APIs the SDK has.'),
  platforms: z.array(Platform).min(1).optional().describe('The platforms the SDK runs as, the default first; all when left out. Specs that need another platform are not applicable.'),
  codes: z
    .record(z.string().regex(/^-?\d+$/), Meaning)
    .optional()
    .describe('Native code -> meaning, for codes that differ from the Tencent table.'),
  statusNumbering: z.partialRecord(LoginStatus, z.number()).optional().describe('Informational: the native number of each login status.'),
});
export type HandshakeResult = z.infer<typeof HandshakeResult>;

/** Params of a request about one harness: its ID and more. */
const harnessParams = <S extends z.ZodRawShape>(shape: S) => z.object({ harness: HarnessId, ...shape });

const CreateClientParams = harnessParams({ platform: Platform });
const IssueSigParams = harnessParams({
  userId: z.string(),
  ttlSeconds: z.number().int().optional().describe('Validity of the ticket; default one day.'),
  signWith: z.enum(['app', 'wrong-key', 'other-app']).optional().describe('Sign with the app key (default), another key, or for another SDKAppID.'),
});
const UserParams = harnessParams({ userId: z.string() });

interface MethodDef {
  params: z.ZodType;
  result: z.ZodType;
  /** The capability the request belongs to; never sent to a driver that did not declare it. */
  capability?: Capability;
  description: string;
}

/** A Client call: which client, plus the call's own arguments; the answer is an Answer. */
const clientCall = <S extends z.ZodRawShape = {}, R extends z.ZodType = typeof Answer>(description: string, extra?: S, result?: R) => ({
  params: z.object({ harness: HarnessId, client: ClientId, ...(extra ?? ({} as S)) }),
  result: (result ?? Answer) as R,
  description,
});
/** An answer whose data, when there is any, has this shape (it must when the answer means ok: the suite checks that). */
const answerWithData = (data: z.ZodType, description: string) => Answer.extend({ data: data.optional().describe(description) });

/** Every request the suite sends, with its params and the result the driver answers. */
export const METHODS = {
  handshake: { params: HandshakeParams, result: HandshakeResult, description: 'First request on every connection: both sides name themselves and their protocol version.' },
  ping: { params: z.object({}), result: Nothing, description: 'Answer at once, even while other requests are pending: the suite pings a driver that let a request pass its deadline.' },
  'harness.start': {
    params: z.object({ link: LinkConditions.optional().describe('--latency/--jitter: one-way delay and jitter (ms) to put on every client link, both directions, in order; sent only to drivers that declare "network-faults".') }),
    result: z.object({ harness: HarnessId }),
    description: 'Start a new, independent deployment (server, ticket issuer, clients): Adapter.start().',
  },
  'harness.stop': { params: HarnessRef, result: Nothing, description: 'Stop the deployment and all its clients; no event of it is sent after this answer.' },
  'harness.createClient': { params: CreateClientParams, result: z.object({ client: ClientId }), description: 'A new SDK instance on a platform, not initialised. Its events carry the client ID answered here, and none is sent before this answer.' },
  'harness.issueSig': { params: IssueSigParams, result: z.string().describe('The ticket (UserSig).'), description: "The customer's business server: a ticket for this user." },
  'harness.settle': { params: HarnessRef, result: Nothing, description: 'Answer once everything in flight has been delivered, every event included (a barrier, not a sleep).' },
  'harness.clock.advance': { params: harnessParams({ ms: z.number().int().nonnegative() }), result: Nothing, capability: 'virtual-clock', description: 'Move the virtual clock forward.' },
  'harness.accounts.exists': { params: UserParams, result: z.boolean(), capability: 'accounts', description: 'Whether the server has an account for the user.' },
  'harness.onlineState': { params: UserParams, result: OnlineInstances, capability: 'online-state', description: "The server's view: instances holding a session, per platform." },
  'harness.configure': { params: harnessParams({ settings: LoginSettings }), result: Answer, capability: 'login-policy', description: 'Set the multi-client policy and per-platform maxima, as the console does.' },
  'harness.network.drop': { params: ClientRef, result: Nothing, capability: 'network-faults', description: "Take the client's link to the server down, now, until restored." },
  'harness.network.hold': { params: ClientRef, result: Nothing, capability: 'network-faults', description: "Hold back the client's traffic both ways, undelivered." },
  'harness.network.restore': { params: ClientRef, result: Nothing, capability: 'network-faults', description: 'Bring the link back; held traffic flows, a dropped client reconnects by itself.' },
  'harness.kick': { params: UserParams, result: Answer, capability: 'admin-kick', description: 'The server-side kick of every instance of the user (REST im_open_login_svc/kick).' },
  'harness.dailyActiveUsers': { params: HarnessRef, result: z.number().int().nonnegative(), capability: 'metrics', description: 'Distinct users counted as daily active on the current (virtual) day.' },
  'client.init': clientCall('Start the SDK (connect). Answers ok even when the connection then fails (event connectFailed).'),
  'client.unInit': clientCall('Stop the SDK.'),
  'client.login': clientCall('Log in.', { userId: z.string(), userSig: z.string() }),
  'client.logout': clientCall('Log out.'),
  'client.getLoginUser': clientCall("data: the logged-in user ID, '' when nobody is logged in.", {}, answerWithData(z.string(), "The logged-in user ID, '' when nobody is logged in; required when the answer means ok.")),
  'client.getLoginStatus': clientCall('data: logged-in, logging-in or logged-out.', {}, answerWithData(LoginStatus, 'The status; required when the answer means ok.')),
  'client.getConversationList': clientCall('The one API allowed as soon as login has been called.'),
  'client.callGated': clientCall('One of the representative gated APIs (sendMessage takes args { to, text }).', {
    api: GatedApi,
    args: z.record(z.string(), z.unknown()).optional(),
  }),
} as const satisfies Record<string, MethodDef>;

export type Method = keyof typeof METHODS;
export type ParamsOf<M extends Method> = z.infer<(typeof METHODS)[M]['params']>;
export type ResultOf<M extends Method> = z.infer<(typeof METHODS)[M]['result']>;
export const METHOD_NAMES = Object.keys(METHODS) as Method[];
export const MethodName = z.enum(METHOD_NAMES as [Method, ...Method[]]);

const jsonrpc = z.literal('2.0');

/** A request of one method (suite → driver). */
export function requestOf<M extends Method>(method: M) {
  return z.object({ jsonrpc, id: RequestId, method: z.literal(method), params: METHODS[method].params });
}
/** The successful answer to a request of one method (driver → suite). */
export function successOf<M extends Method>(method: M) {
  return z.object({ jsonrpc, id: RequestId, result: METHODS[method].result });
}

export const ErrorObject = z.object({
  code: z.number().int().describe('A JSON-RPC error code: -32700..-32600 standard, -32000..-32003 this protocol (see ERRORS).'),
  message: z.string().describe('One line a person can act on.'),
  data: z.unknown().optional(),
});
/** A failed request (driver → suite). `id` is null only when the request's ID could not be read. */
export const ErrorResponse = z.object({ jsonrpc, id: RequestId.nullable(), error: ErrorObject });

/** The one notification (driver → suite): a listener callback of one client, in order. */
export const EventNotification = z.object({
  jsonrpc,
  method: z.literal('client.event'),
  params: z.object({ harness: HarnessId, client: ClientId, event: ClientEvent }),
});
export type EventNotification = z.infer<typeof EventNotification>;

/** Any request, checked as a driver does: the envelope first, then the method's params. */
export const RequestEnvelope = z.object({ jsonrpc, id: RequestId, method: z.string(), params: z.unknown().optional() });

/** "params.event.kind: Invalid input" — the first issue of a failed check, with its path in the message. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length ? issue.path.map(String).join('.') : '(the message itself)';
  return `${path}: ${issue.message}`;
}

/** Where a definition lives in the JSON Schema document (npx im-conformance driver-schema). */
export const defRef = (name: string) => `#/$defs/${name}`;

export const preview = (v: unknown, max = 160): string => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
};

export type { ClientEvent };
