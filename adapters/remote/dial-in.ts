// Dial-in drivers: the suite hosts the socket and the driver connects to it (a browser page or
// an app on a device or emulator cannot listen on a port the suite can reach, but can dial out).
// The protocol is the same as dial-out, on one connection: the driver receives the handshake
// first and then every worker's requests. The suite's own links (the CLI's and each spec
// worker's) connect to a relay here as they would to a dial-out driver; the relay gives each
// request an ID unique on the driver's connection, routes answers back by that ID and events
// by the harness that the lane started, and answers every handshake after the first from the
// first's answer (a driver handshakes once per connection).
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { DriverSetupError } from './launch.ts';
import { isObject } from './link.ts';

/** How long a run waits for the driver to dial in, unless --driver-wait says otherwise: a person may be starting an app. */
export const DEFAULT_DRIVER_WAIT_MS = 60_000;

export interface DialIn {
  /** Where the driver connects: ws://HOST:PORT as bound (port 0 gives a free one). */
  url: string;
  /** Where the suite's own links connect: the relay, as a dial-out driver URL. */
  relayUrl: string;
  /** Resolves when a driver has connected; rejects with a one-line reason if none does within `waitMs`. */
  connected(waitMs: number): Promise<void>;
  close(): Promise<void>;
}

/** One suite link on the relay. */
type Lane = WebSocket;

/** `[HOST:]PORT` → where to bind; the host defaults to 127.0.0.1 (`adb reverse` and a local browser reach it). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || port > 65535) throw new DriverSetupError(`--driver-listen must be PORT or HOST:PORT (0 for any free port), got "${text}"`);
  return { host: m[1]?.replace(/^\[|\]$/g, '') ?? '127.0.0.1', port };
}

async function listen(host: string, port: number): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host, port, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject)).catch((e: Error) => {
    throw new DriverSetupError(`cannot listen for a driver on ${host}:${port}: ${e.message}`);
  });
  return server;
}

const urlOf = (server: WebSocketServer, host: string) => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Expected a TCP address');
  return `ws://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
};

/** Binds the driver's socket and the relay; the driver may connect from now on. */
export async function hostDriverSocket({ host, port }: { host: string; port: number }): Promise<DialIn> {
  const driverServer = await listen(host, port);
  const relay = await listen('127.0.0.1', 0);
  let driver: WebSocket | undefined;
  let driverGone: string | undefined;
  let onConnect: () => void = () => {};
  const connection = new Promise<void>((resolve) => (onConnect = resolve));
  const lanes = new Set<Lane>();
  const laneOfHarness = new Map<string, Lane>();
  /** Each request the driver has not answered, by the ID it was given: its lane, the lane's own ID and the method. */
  const pending = new Map<number, { lane: Lane; id: unknown; method: string }>();
  let nextId = 1;
  /** The driver's answer to the first handshake, once it came: later handshakes get the same result. */
  let handshake: Promise<Record<string, unknown>> | undefined;
  let handshakeAnswered: (answer: Record<string, unknown>) => void = () => {};

  const toLane = (lane: Lane, message: unknown) => {
    if (lane.readyState === WebSocket.OPEN) lane.send(typeof message === 'string' ? message : JSON.stringify(message));
  };

  driverServer.on('connection', (socket) => {
    if (driver) return socket.close(1013, 'a driver is already connected to this run');
    driver = socket;
    onConnect();
    socket.on('message', (data) => fromDriver(data));
    socket.on('close', (code, reason) => {
      driverGone = `the driver that dialed in left (close code ${code}${reason.length ? `: ${reason.toString()}` : ''})`;
      for (const lane of lanes) lane.close(1011, driverGone.slice(0, 120));
    });
    socket.on('error', () => {}); // a 'close' follows
  });

  function fromDriver(data: RawData): void {
    const text = String(data);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return lanes.forEach((lane) => toLane(lane, text)); // every link reports it as not JSON
    }
    if (isObject(message) && 'id' in message && !('method' in message)) {
      const request = typeof message.id === 'number' ? pending.get(message.id) : undefined;
      if (!request) return lanes.forEach((l) => toLane(l, text)); // an ID nobody sent: each link reports it
      pending.delete(message.id as number);
      const { lane } = request;
      if (request.method === 'handshake') handshakeAnswered(message);
      const result = message.result;
      if (request.method === 'harness.start' && isObject(result) && typeof result.harness === 'string') laneOfHarness.set(result.harness, lane);
      return toLane(lane, { ...message, id: request.id });
    }
    const params = isObject(message) ? message.params : undefined;
    const owner = isObject(params) && typeof params.harness === 'string' ? laneOfHarness.get(params.harness) : undefined;
    if (owner) return toLane(owner, text);
    lanes.forEach((lane) => toLane(lane, text)); // no lane owns it: each link judges it
  }

  relay.on('connection', (lane) => {
    if (driverGone) return lane.close(1011, driverGone.slice(0, 120));
    lanes.add(lane);
    lane.on('close', () => lanes.delete(lane));
    lane.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return; // the suite's own links send JSON
      }
      const requests = (Array.isArray(message) ? message : [message]).filter(isObject);
      const forward: object[] = [];
      for (const request of requests) {
        if (request.method === 'handshake' && handshake) {
          void handshake.then((answer) => toLane(lane, { ...answer, id: request.id }));
          continue;
        }
        if (request.method === 'handshake') handshake = new Promise((resolve) => (handshakeAnswered = resolve));
        const id = nextId++;
        pending.set(id, { lane, id: request.id, method: String(request.method) });
        forward.push({ ...request, id });
      }
      // A batch stays a batch: calls made at once reach the driver at once.
      if (forward.length && driver?.readyState === WebSocket.OPEN) driver.send(JSON.stringify(forward.length === 1 && !Array.isArray(message) ? forward[0] : forward));
    });
  });

  const url = urlOf(driverServer, host);
  return {
    url,
    relayUrl: urlOf(relay, '127.0.0.1'),
    async connected(waitMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DriverSetupError(`no driver connected to ${url} within ${waitMs} ms (--driver-wait)`)), waitMs);
      });
      try {
        await Promise.race([connection, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      for (const client of [...driverServer.clients, ...relay.clients]) client.terminate();
      await Promise.all([driverServer, relay].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
