// A sample driver: serves the im-conformance driver protocol (JSON-RPC 2.0 over WebSocket) for
// an SDK, here the suite's reference SDK (or any adapter module: --adapter NAME|PATH). The suite
// reaches the SDK only through the protocol, from another process; a driver in Kotlin, Swift,
// Dart or C++ does exactly what this file does. See docs/driver-protocol.md.
//
//   node --import tsx examples/driver-node/driver.ts [--adapter reference] [--port 0] [--host 127.0.0.1]
//
// Prints "listening ws://HOST:PORT" on stdout once it accepts connections; stops on SIGTERM.
// Test-only switches (environment): IMC_SAMPLE_DRIVER_RECORD=FILE appends every message, one
// "in|out CONNECTION JSON" line each; IMC_SAMPLE_DRIVER_EXIT_AFTER=N kills the process (SIGKILL)
// on the Nth request, after writing the time to IMC_SAMPLE_DRIVER_EXIT_MARKER if set.
import { createWriteStream, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, WebSocket } from 'ws';
import type { Adapter, Client, Harness } from '../../adapters/contract.ts';
import { loadAdapter } from '../../adapters/registry.ts';
import { ERRORS, METHODS, PROTOCOL_VERSION, RequestEnvelope, describeIssue, type HandshakeResult, type Method, type ParamsOf } from '../../adapters/remote/protocol.ts';

export const DRIVER = { name: 'im-conformance-driver-node', version: '0.1.0' };

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

export interface DriverOptions {
  port?: number;
  host?: string;
  /** Every message, as received or sent, with the number of its connection (test-only recording). */
  record?: (direction: 'in' | 'out', connection: number, text: string) => void;
  /** Called with the running count of requests (test-only crash switch). */
  onRequest?: (count: number) => void;
}

export interface RunningDriver {
  url: string;
  close(): Promise<void>;
}

/** What every connection of one driver shares: the SDK, the counters, and the cleanup of each live connection. */
function driverCore(adapter: Adapter, { record, onRequest }: Pick<DriverOptions, 'record' | 'onRequest'>) {
  let harnessCount = 0;
  let requestCount = 0;
  let connectionCount = 0;
  const sessions = new Set<() => Promise<void>>();

  const serve = (socket: WebSocket) => {
    const connection = ++connectionCount;
    let handshaken = false;
    const deployments = new Map<string, Deployment>();
    const send = (message: object) => {
      if (socket.readyState !== WebSocket.OPEN) return;
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
          driver: DRIVER,
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

/** Serves `adapter` over the driver protocol until close(): the driver listens, the suite connects. */
export async function serveDriver(adapter: Adapter, { port = 0, host = '127.0.0.1', ...hooks }: DriverOptions = {}): Promise<RunningDriver> {
  const server = new WebSocketServer({ port, host, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const core = driverCore(adapter, hooks);
  server.on('connection', core.serve);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Expected a TCP address for the driver server');
  return {
    url: `ws://${host}:${address.port}`,
    async close() {
      for (const socket of server.clients) socket.terminate();
      await core.stopAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Dial-in: connects to the suite's socket at `url` (its --driver-listen) and serves that one
 * connection, the same protocol as when listening: the suite's workers all speak over it.
 */
export async function dialDriver(adapter: Adapter, url: string, hooks: Pick<DriverOptions, 'record' | 'onRequest'> = {}): Promise<RunningDriver & { closed: Promise<void> }> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const core = driverCore(adapter, hooks);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  core.serve(socket);
  return {
    url,
    closed,
    async close() {
      socket.terminate();
      await core.stopAll();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { adapter: { type: 'string', default: 'reference' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, dial: { type: 'string' } },
  });
  const adapter = await loadAdapter(values.adapter);
  const options: DriverOptions = { port: Number(values.port), host: values.host };

  const recordFile = process.env.IMC_SAMPLE_DRIVER_RECORD;
  const recording = recordFile ? createWriteStream(recordFile, { flags: 'a' }) : undefined;
  if (recording) options.record = (direction, connection, text) => recording.write(`${direction} ${connection} ${text}\n`);
  const exitAfter = Number(process.env.IMC_SAMPLE_DRIVER_EXIT_AFTER ?? 0);
  if (exitAfter > 0) {
    options.onRequest = (count) => {
      if (count < exitAfter) return;
      const marker = process.env.IMC_SAMPLE_DRIVER_EXIT_MARKER;
      if (marker) writeFileSync(marker, String(Date.now()));
      process.kill(process.pid, 'SIGKILL'); // a crash, not a goodbye: no close frames
    };
  }

  let driver: RunningDriver;
  if (values.dial !== undefined) {
    const dialed = await dialDriver(adapter, values.dial, options);
    void dialed.closed.then(() => stop()); // the suite is done with us
    driver = dialed;
  } else {
    driver = await serveDriver(adapter, options);
    process.stdout.write(`listening ${driver.url}\n`);
  }
  async function stop() {
    setTimeout(() => process.exit(0), 2000).unref(); // an SDK that will not stop does not keep us
    await driver.close();
    if (recording) await new Promise<void>((resolve) => recording.end(resolve));
    process.exit(0);
  }
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

const entry = process.argv[1];
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) await main();
