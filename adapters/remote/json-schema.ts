// The driver protocol as one JSON Schema document (draft 2020-12), generated from the zod
// definitions in protocol.ts with zod's z.toJSONSchema: what `npx im-conformance driver-schema`
// writes, and docs/driver-protocol.schema.json holds. A driver in another language validates
// its traffic against it: any message against the root, an answer against
// $defs["<method>.response"] (x-methods names it for each method). Written for input (`io:
// 'input'`): it accepts exactly what the suite's zod checks accept, extra members included.
import { z } from 'zod';
import { Answer, Capability, ClientEvent, GatedApi, LoginPolicy, LoginSettings, LoginStatus, Meaning, OnlineInstances, Platform } from '../contract.ts';
import {
  ClientId,
  ErrorObject,
  ErrorResponse,
  EventNotification,
  HandshakeParams,
  HandshakeResult,
  HarnessId,
  METHOD_NAMES,
  METHODS,
  PROTOCOL_VERSION,
  RequestId,
  defRef,
  requestOf,
  successOf,
} from './protocol.ts';

export type JsonSchema = Record<string, unknown>;

/** The name of each definition in $defs: shared types, then per method its request and response. */
function definitions(): Map<z.ZodType, string> {
  const defs = new Map<z.ZodType, string>([
    [RequestId, 'RequestId'],
    [HarnessId, 'HarnessId'],
    [ClientId, 'ClientId'],
    [Platform, 'Platform'],
    [Capability, 'Capability'],
    [GatedApi, 'GatedApi'],
    [Meaning, 'Meaning'],
    [LoginStatus, 'LoginStatus'],
    [LoginPolicy, 'LoginPolicy'],
    [LoginSettings, 'LoginSettings'],
    [OnlineInstances, 'OnlineInstances'],
    [Answer, 'Answer'],
    [ClientEvent, 'ClientEvent'],
    [HandshakeParams, 'HandshakeParams'],
    [HandshakeResult, 'HandshakeResult'],
    [ErrorObject, 'ErrorObject'],
  ]);
  const requests: z.ZodType[] = [];
  const responses: z.ZodType[] = [];
  for (const method of METHOD_NAMES) {
    const request = requestOf(method);
    const response = successOf(method);
    defs.set(request, `${method}.request`);
    defs.set(response, `${method}.response`);
    requests.push(request);
    responses.push(response);
  }
  const Request = z.union(requests).describe('Any request (suite → driver).');
  const Batch = z
    .array(Request)
    .min(1)
    .describe('Requests the suite made at once, in one frame (suite → driver): hand them to the SDK back to back, in order, before anything else; answer each on its own frame as it completes.');
  const Response = z.union([...responses, ErrorResponse]).describe('Any answer (driver → suite); which result fits is decided by the request it answers (x-methods).');
  defs.set(ErrorResponse, 'ErrorResponse');
  defs.set(EventNotification, 'EventNotification');
  defs.set(Request, 'Request');
  defs.set(Batch, 'Batch');
  defs.set(Response, 'Response');
  return defs;
}

/** The whole protocol as one JSON Schema document. */
export function driverJsonSchema(): JsonSchema {
  const registry = z.registry<{ id: string }>();
  const names = definitions();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', uri: defRef, unrepresentable: 'throw' });
  const $defs: Record<string, JsonSchema> = {};
  for (const name of names.values()) {
    const { $schema: _, $id: __, ...def } = schemas[name] as JsonSchema;
    $defs[name] = def;
  }
  const methods: Record<string, JsonSchema> = {};
  for (const method of METHOD_NAMES) {
    const def = METHODS[method] as { description: string; capability?: string };
    methods[method] = {
      request: defRef(`${method}.request`),
      response: defRef(`${method}.response`),
      ...(def.capability ? { capability: def.capability } : {}),
      description: def.description,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:im-conformance:driver-protocol:${PROTOCOL_VERSION}`,
    title: `im-conformance driver protocol, version ${PROTOCOL_VERSION}`,
    description:
      'JSON-RPC 2.0 over one WebSocket between the im-conformance suite and a driver that wraps the SDK under test. ' +
      'The root validates any message; an answer is checked against the response definition of the request it answers (x-methods). ' +
      'Guide: docs/writing-an-adapter.md; protocol: docs/driver-protocol.md.',
    'x-protocol-version': PROTOCOL_VERSION,
    'x-methods': methods,
    'x-notifications': { 'client.event': { notification: defRef('EventNotification'), description: EventNotificationDescription } },
    anyOf: [{ $ref: defRef('Request') }, { $ref: defRef('Batch') }, { $ref: defRef('Response') }, { $ref: defRef('EventNotification') }],
    $defs,
  };
}

const EventNotificationDescription =
  "A listener callback of one client, in the order the SDK made it, sent before the answer to any request that completed after it. Never before the client's createClient answer, never after its harness.stop answer.";

/** The document as written to a file: stable key order, two-space indent, final newline. */
export function driverJsonSchemaText(): string {
  return JSON.stringify(driverJsonSchema(), null, 2) + '\n';
}
