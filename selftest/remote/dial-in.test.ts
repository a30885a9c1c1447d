// The driver's side of dial-in: the suite sends its handshake the moment it accepts the
// connection, so the first message can reach the driver in the same read as the connection's
// opening. A driver that starts listening only after awaiting 'open' loses it, and the run fails
// its handshake deadline (seen under load in npm test). The sample driver listens from the start.
import { describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import reference from '../../adapters/reference/index.ts';
import { PROTOCOL_VERSION } from '../../adapters/remote/protocol.ts';
import { dialDriver } from '../../examples/driver-node/driver.ts';

describe('a driver dialing in', () => {
  it('answers a handshake sent in the same turn as the connection is accepted', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const answered = new Promise<unknown>((resolve) =>
      server.once('connection', (socket: WebSocket) => {
        socket.once('message', (data) => resolve(JSON.parse(String(data))));
        // Written right behind the upgrade's answer: the driver reads both at once.
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'handshake', params: { protocol: PROTOCOL_VERSION, suite: { name: 'im-conformance', version: '0' } } }));
      }),
    );
    const { port } = server.address() as { port: number };
    const driver = await dialDriver(reference, `ws://127.0.0.1:${port}`);
    try {
      const answer = await Promise.race([answered, new Promise((resolve) => setTimeout(() => resolve('no answer within 10 s'), 10_000))]);
      expect(answer).toMatchObject({ id: 1, result: { protocol: PROTOCOL_VERSION, sdk: { name: reference.name } } });
    } finally {
      await driver.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
