// The driver side of the protocol, for a driver written in TypeScript: every request of a
// connection answered by calling an Adapter (the suite's contract), every listener callback sent
// as a client.event. It needs only a socket that sends and receives text, so the same code serves
// the Node sample driver (driver.ts, listening or dialing) and the browser driver's page
// (examples/driver-browser/page.ts).
import type { Adapter, Client, Harness } from '../../adapters/contract.ts';
import { ERRORS, METHODS, PROTOCOL_VERSION, RequestEnvelope, describeIssue, type HandshakeResult, type Method, type ParamsOf } from '../../adapters/remote/protocol.ts';

export const DRIVER = { name: 'im-conformance-driver-node', version: '0.1.0' };

/** The part of a connection the driver uses: `ws`'s WebSocket has it; a browser's, wrapped. */
export interface ProtocolSocket {
  readonly readyState: number;
  send(text: string): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}
/** WebSocket.OPEN, the same number in every implementation. */
const OPEN = 1;

export interface DriverHooks {
  /** The driver program named in the handshake (this sample's by default). */
  driver?: { name: string; version: string };
  /** Every message, as received or sent, with the number of its connection (test-only recording). */
  record?: (direction: 'in' | 'out', connection: number, text: string) => void;
  /** Called with the running count of requests (test-only crash switch). */
  onRequest?: (count: number) => void;
}

/** A request that fails with a JSON-RPC error. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Deployment {
  harness: Harness;
  clients: Map<string, Client>;
  clientCount: number;
}

/** What every connection of one driver shares: the SDK, the counters, and the cleanup of each live connection. */
export function driverCore(adapter: Adapter, { driver = DRIVER, record, onRequest }: DriverHooks = {}) {
  let harnessCount = 0;
  let requestCount = 0;
  let connectionCount = 0;
  const sessions = new Set<() => Promise<void>>();

  const serve = (socket: ProtocolSocket) => {
    const connection = ++connectionCount;
    let handshaken = false;
    const deployments = new Map<string, Deployment>();
    const send = (message: object) => {
      if (socket.readyState !== OPEN) return;
      const text = JSON.stringify(message);
      record?.('out', connection, text);
      socket.send(text);
    };
    const notify = (harness: string, client: string, event: unknown) => send({ jsonrpc: '2.0', method: 'client.event', params: { harness, client, event } });

    const deployment = (harness: string): Deployment => {
      const d = deployments.get(harness);
      if (!d) throw new RpcError(ERRORS.unknownId, `no harness "${harness}" on this connection`);
      return d;
    };
    const clientOf = ({ harness, client }: { harness: string; client: string }): Client => {
      const c = deployment(harness).clients.get(client);
      if (!c) throw new RpcError(ERRORS.unknownId, `harness "${harness}" has no client "${client}"`);
      return c;
    };
    /** An optional harness part; absent when the SDK does not offer it. */
    const part = <T>(value: T | undefined, name: string): T => {
      if (value === undefined) throw new RpcError(ERRORS.methodNotFound, `this harness has no ${name}`);
      return value;
    };

    // One handler per method. Each calls the SDK before its first await, so requests reach the
    // SDK in the order they arrived; `later` runs after the answer has been sent.
    type Handler<M extends Method> = (params: ParamsOf<M>, later: (fn: () => void) => void) => Promise<unknown>;
    const handlers: { [M in Method]: Handler<M> } = {
      async handshake({ protocol }) {
        if (protocol !== PROTOCOL_VERSION) {
          throw new RpcError(ERRORS.protocolMismatch, `protocol version mismatch: this driver speaks driver protocol ${PROTOCOL_VERSION}, the suite ${protocol}`);
        }
        handshaken = true;
        const info: HandshakeResult = {
          protocol: PROTOCOL_VERSION,
          driver,
          sdk: { name: adapter.name, version: adapter.version },
          capabilities: [...adapter.capabilities],
          gatedApis: [...adapter.gatedApis],
        };
        if (adapter.platforms) info.platforms = [...adapter.platforms];
        if (adapter.codes) info.codes = Object.fromEntries(Object.entries(adapter.codes).map(([code, meaning]) => [String(code), meaning]));
        if (adapter.statusNumbering) info.statusNumbering = { ...adapter.statusNumbering };
        return info;
      },
      ping: async () => null,
      async 'harness.start'({ link }) {
        const harness = await adapter.start(link ? { link } : undefined);
        const id = `h${++harnessCount}`;
        deployments.set(id, { harness, clients: new Map(), clientCount: 0 });
        return { harness: id };
      },
      async 'harness.stop'({ harness }) {
        const d = deployment(harness);
        await d.harness.stop();
        deployments.delete(harness); // and so no event of it goes out after this answer
        return null;
      },
      async 'harness.createClient'({ harness, platform }, later) {
        const d = deployment(harness);
        const id = `c${++d.clientCount}`;
        // No event may go out before the suite knows the client: hold them until the answer is sent.
        let held: unknown[] | undefined = [];
        const client = await d.harness.createClient({
          platform,
          onEvent: (event) => (held ? held.push(event) : deployments.has(harness) && notify(harness, id, event)),
        });
        d.clients.set(id, client);
        later(() => {
          for (const event of held ?? []) notify(harness, id, event);
          held = undefined;
        });
        return { client: id };
      },
      'harness.issueSig': ({ harness, userId, ttlSeconds, signWith }) =>
        deployment(harness).harness.issueSig(userId, { ...(ttlSeconds === undefined ? {} : { ttlSeconds }), ...(signWith === undefined ? {} : { signWith }) }),
      'harness.settle': async ({ harness }) => (await deployment(harness).harness.settle(), null),
      'harness.clock.advance': async ({ harness, ms }) => (await part(deployment(harness).harness.clock, 'clock').advance(ms), null),
      'harness.accounts.exists': ({ harness, userId }) => part(deployment(harness).harness.accounts, 'accounts').exists(userId),
      'harness.onlineState': ({ harness, userId }) => {
        const h = deployment(harness).harness;
        return part(h.onlineState, 'onlineState').call(h, userId);
      },
      'harness.configure': ({ harness, settings }) => {
        const h = deployment(harness).harness;
        return part(h.configure, 'configure').call(h, settings);
      },
      'harness.network.drop': async (p) => (await part(deployment(p.harness).harness.network, 'network').drop(clientOf(p)), null),
      'harness.network.hold': async (p) => (await part(deployment(p.harness).harness.network, 'network').hold(clientOf(p)), null),
      'harness.network.restore': async (p) => (await part(deployment(p.harness).harness.network, 'network').restore(clientOf(p)), null),
      'harness.kick': ({ harness, userId }) => {
        const h = deployment(harness).harness;
        return part(h.kick, 'kick').call(h, userId);
      },
      'harness.dailyActiveUsers': ({ harness }) => {
        const h = deployment(harness).harness;
        return part(h.dailyActiveUsers, 'dailyActiveUsers').call(h);
      },
      'client.init': (p) => clientOf(p).init(),
      'client.unInit': (p) => clientOf(p).unInit(),
      'client.login': (p) => clientOf(p).login(p.userId, p.userSig),
      'client.logout': (p) => clientOf(p).logout(),
      'client.getLoginUser': (p) => clientOf(p).getLoginUser(),
      'client.getLoginStatus': (p) => clientOf(p).getLoginStatus(),
      'client.getConversationList': (p) => clientOf(p).getConversationList(),
      'client.callGated': (p) => clientOf(p).callGated(p.api, p.args),
    };

    /** One request: checked, then handed to the SDK at once; its answer is sent when the SDK's call completes. */
    const handle = (message: unknown) => {
      const envelope = RequestEnvelope.safeParse(message);
      if (!envelope.success) {
        const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : null;
        return send({ jsonrpc: '2.0', id, error: { code: ERRORS.invalidRequest, message: describeIssue(envelope.error) } });
      }
      const { id, method } = envelope.data;
      onRequest?.(++requestCount);
      const fail = (code: number, text: string) => send({ jsonrpc: '2.0', id, error: { code, message: text } });
      if (!Object.hasOwn(METHODS, method)) return fail(ERRORS.methodNotFound, `unknown method "${method}"`);
      const m = method as Method;
      const params = METHODS[m].params.safeParse(envelope.data.params ?? {});
      if (!params.success) return fail(ERRORS.invalidParams, `params.${describeIssue(params.error)}`);
      if (!handshaken && m !== 'handshake' && m !== 'ping') return fail(ERRORS.handshakeFirst, 'send handshake first');
      const after: (() => void)[] = [];
      let answer: Promise<unknown>;
      try {
        answer = (handlers[m] as Handler<Method>)(params.data as ParamsOf<Method>, (fn) => after.push(fn));
      } catch (e) {
        answer = Promise.reject(e);
      }
      answer.then(
        (result) => {
          send({ jsonrpc: '2.0', id, result: result ?? null });
          for (const fn of after) fn();
        },
        (e: unknown) => (e instanceof RpcError ? fail(e.code, e.message) : fail(ERRORS.sdkThrew, (e as Error)?.message ?? String(e))),
      );
    };

    socket.on('message', (data) => {
      const text = String(data);
      record?.('in', connection, text);
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return send({ jsonrpc: '2.0', id: null, error: { code: ERRORS.parseError, message: 'not JSON' } });
      }
      // A batch: requests the suite made at once. They reach the SDK back to back, in order,
      // before anything else happens here; each is answered on its own, when it completes.
      if (Array.isArray(message)) {
        if (message.length === 0) return send({ jsonrpc: '2.0', id: null, error: { code: ERRORS.invalidRequest, message: 'an empty batch' } });
        for (const request of message) handle(request);
        return;
      }
      handle(message);
    });

    // The suite went away: its deployments go with it.
    const cleanup = async () => {
      const all = [...deployments.values()];
      deployments.clear();
      await Promise.allSettled(all.map((d) => d.harness.stop()));
    };
    sessions.add(cleanup);
    socket.on('close', () => {
      sessions.delete(cleanup);
      void cleanup();
    });
  };
  return { serve, stopAll: () => Promise.allSettled([...sessions].map((cleanup) => cleanup())) };
}

