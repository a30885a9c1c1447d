// A hostile driver: the sample driver serving the reference, behind a proxy that, just before it
// passes on the answer to a client.logout request, sends an event for client "ghost", which the
// harness never created. Runs in the test's process; the CLI reaches it with --driver URL.
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import reference from '../../adapters/reference/index.ts';
import { serveDriver } from '../../examples/driver-node/driver.ts';

interface Message {
  id?: number;
  method?: string;
  params?: { harness?: string };
}
const messages = (data: RawData): Message[] => [JSON.parse(String(data)) as Message | Message[]].flat();

export async function ghostDriver(): Promise<{ url: string; close(): Promise<void> }> {
  const driver = await serveDriver(reference);
  const proxy = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => proxy.once('listening', resolve));
  proxy.on('connection', (suite) => {
    const upstream = new WebSocket(driver.url, { perMessageDeflate: false });
    const early: RawData[] = [];
    const logouts = new Map<number, string>(); // request ID → its harness
    suite.on('message', (data) => {
      for (const m of messages(data)) if (m.method === 'client.logout' && m.id !== undefined) logouts.set(m.id, m.params?.harness ?? '');
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data);
      else early.push(data);
    });
    upstream.on('open', () => early.splice(0).forEach((data) => upstream.send(data)));
    upstream.on('message', (data) => {
      for (const m of messages(data)) {
        const harness = m.id === undefined ? undefined : logouts.get(m.id);
        if (harness !== undefined) suite.send(JSON.stringify({ jsonrpc: '2.0', method: 'client.event', params: { harness, client: 'ghost', event: { kind: 'kickedOffline' } } }));
      }
      suite.send(String(data));
    });
    suite.on('close', () => upstream.close());
    upstream.on('close', () => suite.close());
  });
  const { port } = proxy.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    async close() {
      for (const socket of proxy.clients) socket.terminate();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await driver.close();
    },
  };
}
