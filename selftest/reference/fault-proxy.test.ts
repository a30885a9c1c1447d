import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy } from '../../fixtures/fault-proxy.ts';

/** A TCP target that records what each connection sent, and can answer. */
async function startTarget() {
  const received: string[] = [];
  const sockets: Socket[] = [];
  const arrivals: ((s: Socket) => void)[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (d) => received.push(String(d)));
    socket.on('error', () => {});
    arrivals.shift()?.(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    received,
    sockets,
    /** The next connection the target accepts. */
    nextConnection: () => new Promise<Socket>((resolve) => arrivals.push(resolve)),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client socket through the proxy, collecting what it reads and whether it ended. */
function dial(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  const read: string[] = [];
  socket.on('data', (d) => read.push(String(d)));
  socket.on('error', () => {});
  const closed = closedOf(socket);
  return { socket, read, closed, connected: new Promise<void>((resolve) => socket.once('connect', () => resolve())) };
}

/** Resolves on 'close' (events.once would reject on the 'error' a reset brings). */
function closedOf(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Bytes from `socket` reach the peer once they can: a round trip through the target proves it. */
async function readUntil(read: string[], text: string, socket: Socket): Promise<void> {
  while (!read.join('').includes(text)) await once(socket, 'data');
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup() {
  const target = await startTarget();
  const proxy = await FaultProxy.start({ targetPort: target.port });
  cleanup.push(target.close, () => proxy.close());
  return { target, proxy };
}

describe('FaultProxy', () => {
  it('forwards both ways while up, on its own loopback port', async () => {
    const { target, proxy } = await setup();
    expect(proxy.state).toBe('up');
    expect(proxy.port).not.toBe(target.port);
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    c.socket.write('hello');
    const server = await arriving;
    await once(server, 'data');
    expect(target.received.join('')).toBe('hello');
    server.write('world');
    await readUntil(c.read, 'world', c.socket);
    expect(proxy.upstreams().map((s) => (s as Socket).localPort)).toEqual([server.remotePort]);
  });

  it('hold buffers both ways; restore delivers the held bytes in order', async () => {
    const { target, proxy } = await setup();
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    const server = await arriving;
    proxy.hold();
    expect(proxy.state).toBe('held');
    c.socket.write('a');
    c.socket.write('b');
    server.write('x');
    // A round trip on a second, independent link shows the event loop has moved on meanwhile.
    const arriving2 = target.nextConnection();
    const other = dial(proxy.port);
    await other.connected;
    await arriving2;
    expect(target.received).toEqual([]);
    expect(c.read).toEqual([]);
    proxy.restore();
    await once(server, 'data');
    while (target.received.join('') !== 'ab') await once(server, 'data');
    await readUntil(c.read, 'x', c.socket);
  });

  it('drop ends current connections at once and closes new ones until restore', async () => {
    const { target, proxy } = await setup();
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    const server = await arriving;
    const serverClosed = closedOf(server);
    proxy.drop();
    expect(proxy.state).toBe('down');
    await c.closed; // the client sees its connection end
    await serverClosed; // and so does the target
    const refused = dial(proxy.port);
    await refused.closed;
    expect(target.sockets).toHaveLength(1); // never reached the target
    proxy.restore();
    const arriving2 = target.nextConnection();
    const again = dial(proxy.port);
    again.socket.write('back');
    const server2 = await arriving2;
    await once(server2, 'data');
    expect(target.received.join('')).toBe('back');
  });

  it('hold then drop discards the held bytes: they never arrive', async () => {
    const { target, proxy } = await setup();
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    const server = await arriving;
    proxy.hold();
    c.socket.write('login');
    server.write('reply');
    const serverClosed = closedOf(server);
    proxy.drop();
    await c.closed;
    await serverClosed;
    expect(target.received).toEqual([]);
    expect(c.read).toEqual([]);
  });

  it('a connection made while down-then-held is accepted but held, and a drop cuts it', async () => {
    const { target, proxy } = await setup();
    proxy.drop();
    proxy.hold();
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    c.socket.write('upgrade');
    const server = await arriving;
    const serverClosed = closedOf(server);
    proxy.drop();
    await c.closed;
    await serverClosed;
    expect(target.received).toEqual([]);
  });

  it('an end sent while held reaches the other side after the held bytes', async () => {
    const { target, proxy } = await setup();
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    const server = await arriving;
    proxy.hold();
    c.socket.end('last words');
    const ended = once(server, 'end');
    // held: nothing yet; another link's round trip lets the loop turn
    const arriving2 = target.nextConnection();
    await dial(proxy.port).connected;
    await arriving2;
    expect(target.received).toEqual([]);
    proxy.restore();
    await ended;
    expect(target.received.join('')).toBe('last words');
  });

  it('close() ends every link and stops listening', async () => {
    const { target, proxy } = await setup();
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    await arriving;
    await proxy.close();
    await c.closed;
    const late = dial(proxy.port);
    const [error] = (await once(late.socket, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('refuses a target port that is not one', async () => {
    await expect(FaultProxy.start({ targetPort: 0 })).rejects.toThrow(/Expected a target TCP port/);
  });

  it('with link conditions, delays every byte both ways by about the latency, in order despite the jitter', async () => {
    const target = await startTarget();
    const proxy = await FaultProxy.start({ targetPort: target.port, conditions: { delayMs: 40, jitterMs: 30 } });
    cleanup.push(target.close, () => proxy.close());
    const arriving = target.nextConnection();
    const c = dial(proxy.port);
    await c.connected;
    const began = performance.now();
    // Many small writes, each jittered on its own: the stream must still arrive whole and in order.
    const sent = Array.from({ length: 200 }, (_, i) => `${i};`).join('');
    for (const piece of sent.match(/.{1,7}/g)!) c.socket.write(piece);
    const server = await arriving;
    while (target.received.join('').length < sent.length) await once(server, 'data');
    expect(target.received.join('')).toBe(sent);
    expect(performance.now() - began).toBeGreaterThanOrEqual(9); // at least the least delay (40 - 30 ms), less timer slack
    const back = performance.now();
    server.write('pong');
    await readUntil(c.read, 'pong', c.socket);
    expect(performance.now() - back).toBeGreaterThanOrEqual(9);
  });

  it('refuses negative link conditions', async () => {
    await expect(FaultProxy.start({ targetPort: 1, conditions: { delayMs: -1, jitterMs: 0 } })).rejects.toThrow(/non-negative delay and jitter/);
  });
});
