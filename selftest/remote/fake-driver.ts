// A scripted driver for the self-tests: it answers the handshake like a good driver (unless
// told otherwise) and hands every other request to the test, which may answer, misbehave or
// stay silent. Lives in the test's process; the sample driver is the well-behaved one.
import { WebSocketServer, type WebSocket } from 'ws';
import { PROTOCOL_VERSION, type HandshakeResult } from '../../adapters/remote/protocol.ts';

export interface Request {
  jsonrpc: '2.0';
  id: number;
  method: string;
  params: Record<string, unknown>;
}

export interface Peer {
  /** Sends any value as one text frame (JSON unless it is a string). */
  send(message: unknown): void;
  result(request: Request, result: unknown): void;
  error(request: Request, code: number, message: string): void;
  event(harness: string, client: string, event: unknown): void;
  socket: WebSocket;
}

export const HANDSHAKE: HandshakeResult = {
  protocol: PROTOCOL_VERSION,
  driver: { name: 'fake-driver', version: '1' },
  sdk: { name: 'fake-sdk', version: '2' },
  capabilities: ['accounts', 'network-faults'],
  gatedApis: ['getUsersInfo'],
};

export interface FakeDriver {
  url: string;
  /** Every request received, in order (the handshake included). */
  requests: Request[];
  close(): Promise<void>;
}

export async function fakeDriver(
  onRequest: (request: Request, peer: Peer) => void,
  { handshake = HANDSHAKE as unknown }: { handshake?: unknown } = {},
): Promise<FakeDriver> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const requests: Request[] = [];
  server.on('connection', (socket) => {
    const send = (m: unknown) => socket.send(typeof m === 'string' ? m : JSON.stringify(m));
    const peer: Peer = {
      socket,
      send,
      result: (r, result) => send({ jsonrpc: '2.0', id: r.id, result }),
      error: (r, code, message) => send({ jsonrpc: '2.0', id: r.id, error: { code, message } }),
      event: (harness, client, event) => send({ jsonrpc: '2.0', method: 'client.event', params: { harness, client, event } }),
    };
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Request | Request[];
      for (const request of Array.isArray(message) ? message : [message]) {
        requests.push(request);
        if (request.method === 'handshake') peer.result(request, handshake);
        else onRequest(request, peer);
      }
    });
  });
  const address = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}`,
    requests,
    async close() {
      for (const c of server.clients) c.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A driver that starts harnesses and clients with predictable IDs and leaves the rest to `rest`. */
export function withHarnesses(rest: (request: Request, peer: Peer) => void): (request: Request, peer: Peer) => void {
  let harnesses = 0;
  let clients = 0;
  return (request, peer) => {
    if (request.method === 'harness.start') return peer.result(request, { harness: `h${++harnesses}` });
    if (request.method === 'harness.createClient') return peer.result(request, { client: `c${++clients}` });
    if (request.method === 'harness.stop') return peer.result(request, null);
    rest(request, peer);
  };
}
