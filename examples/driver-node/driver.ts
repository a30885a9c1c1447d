// A sample driver: serves the im-conformance driver protocol (JSON-RPC 2.0 over WebSocket) for
// an SDK, here the suite's reference SDK (or any adapter module: --adapter NAME|PATH). The suite
// reaches the SDK only through the protocol, from another process; a driver in Kotlin, Swift,
// Dart or C++ does exactly what this file does. See docs/driver-protocol.md.
//
//   node --import tsx examples/driver-node/driver.ts [--adapter reference] [--port 0] [--host 127.0.0.1]
//   node --import tsx examples/driver-node/driver.ts --dial ws://HOST:PORT    (dial-in: the suite listens)
//
// Listening, it prints "listening ws://HOST:PORT" on stdout once it accepts connections; dialing,
// it connects to the suite's --driver-listen socket and serves that one connection, and exits
// when the suite closes it. Either way it stops on SIGTERM. The protocol itself is in serve.ts.
// Test-only switches (environment): IMC_SAMPLE_DRIVER_RECORD=FILE appends every message, one
// "in|out CONNECTION JSON" line each; IMC_SAMPLE_DRIVER_EXIT_AFTER=N kills the process (SIGKILL)
// on the Nth request, after writing the time to IMC_SAMPLE_DRIVER_EXIT_MARKER if set.
import { createWriteStream, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, WebSocket } from 'ws';
import type { Adapter } from '../../adapters/contract.ts';
import { loadAdapter } from '../../adapters/registry.ts';
import { driverCore, type DriverHooks } from './serve.ts';

export { DRIVER } from './serve.ts';

export interface DriverOptions extends DriverHooks {
  port?: number;
  host?: string;
}

export interface RunningDriver {
  url: string;
  close(): Promise<void>;
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
export async function dialDriver(adapter: Adapter, url: string, hooks: DriverHooks = {}): Promise<RunningDriver & { closed: Promise<void> }> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const core = driverCore(adapter, hooks);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // Served before it opens: the suite sends its handshake as soon as it accepts the connection, and
  // ws can emit that message in the same turn as 'open', before code after an await would listen.
  core.serve(socket);
  await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
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
