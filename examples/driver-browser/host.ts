// The browser driver: the reference client SDK bundled for the browser and run inside pages of
// headless Chromium, behind a driver that dials in to the suite. Run it as the driver command:
//
//   npx im-conformance run --adapter remote --driver-listen 0 \
//     --driver-cmd 'node --import tsx examples/driver-browser/host.ts --dial "$IMC_DRIVER_URL"'
//
// This process answers the driver protocol (examples/driver-node/serve.ts) for an adapter whose
// clients live in a page (page.ts, bundled with esbuild and opened in the Chromium at
// IMC_CHROMIUM or /usr/bin/chromium) and whose server side stays here: the reference
// server, tickets, the virtual clock, and a fault proxy per client link. Each client's WebSocket
// from the page reaches its proxy byte for byte, so latency, holds and drops act on the
// browser's own connection. A renderer allows 255 WebSockets and one spec may hold 200 clients,
// so clients are spread over pages, each up to PAGE_CLIENTS, and a page is opened when all are
// full. It exits when the suite closes the connection, or on SIGTERM.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { WebSocket, WebSocketServer } from 'ws';
import { defineAdapter, type Answer, type Client, type GatedApi, type Harness, type LinkConditions } from '../../adapters/contract.ts';
import reference, { startReference } from '../../adapters/reference/index.ts';
import type { FaultProxy, MemorySocket } from '../../fixtures/fault-proxy.ts';
import { driverCore } from '../driver-node/serve.ts';
import type { ClientMethod, PageCall } from './page.ts';

export const BROWSER_DRIVER = { name: 'im-conformance-driver-browser', version: '0.1.0' };
const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.IMC_CHROMIUM ?? '/usr/bin/chromium';

const { values } = parseArgs({ options: { dial: { type: 'string' } } });
if (!values.dial) throw new Error('host.ts needs --dial ws://HOST:PORT (the suite\'s --driver-listen URL)');
const suiteUrl = values.dial;

// The page's bundle: `ws` and `node:crypto` are swapped for what a browser has.
const bundled = await build({
  entryPoints: [join(here, 'page.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  alias: { ws: join(here, 'ws-shim.ts'), 'node:crypto': join(here, 'crypto-shim.ts') },
  logLevel: 'error',
});
const PAGE_JS = bundled.outputFiles[0]!.text;
const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>im-conformance browser driver</title><script type="module" src="/page.js"></script>';

/** Each running deployment's client links, by client ID: where a page's WebSocket goes. */
const PAGE_CLIENTS = 100;
const deployments = new Map<string, Map<string, FaultProxy>>();
const pageSockets = new Map<string, (socket: WebSocket) => void>();

const http = createServer((request, response) => {
  const js = request.url?.startsWith('/page.js');
  response.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' }).end(js ? PAGE_JS : PAGE_HTML);
});
const control = new WebSocketServer({ noServer: true, perMessageDeflate: false });
http.on('upgrade', (request, socket, head) => {
  const [, kind, a, b] = request.url?.split(/[/?=]/) ?? [];
  // A page's own connection to this host.
  if (kind === 'host') return control.handleUpgrade(request, socket, head, (ws) => pageSockets.get(String(b))?.(ws));
  // A client's link: its handshake and frames, passed on to its fault proxy as they came (the
  // reference server answers the handshake itself).
  const proxy = kind === 'link' ? deployments.get(String(a))?.get(String(b)) : undefined;
  if (!proxy) return socket.destroy();
  const upstream = proxy.open();
  const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
  for (let i = 0; i < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length) upstream.write(head);
  socket.pipe(upstream).pipe(socket);
  const end = () => {
    socket.destroy();
    upstream.destroy();
  };
  socket.on('close', end).on('error', end);
  upstream.on('close', end).on('error', end);
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const port = (http.address() as AddressInfo).port;

// Chromium itself, driven over the DevTools protocol by hand, for two requests per page: a browser
// context of its own (so a renderer process of its own, and its own 255 WebSockets) and a tab in
// it. Nothing else is asked, so Chromium reports nothing back; a library that drives pages
// (playwright) follows every WebSocket frame of every tab, which cost more CPU than the SDKs.
// Flags that work in a container as root, keep Chromium off the network, and keep it from slowing
// down tabs nobody looks at.
const FLAGS = [
  ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-extensions', '--remote-debugging-port=0'],
  ...['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  ...['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--disable-features=IntensiveWakeUpThrottling'],
];
const profile = mkdtempSync(join(tmpdir(), 'imc-browser-driver-'));
const browser = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
process.once('exit', () => browser.kill('SIGKILL')); // however this process ends, Chromium ends with it
const cdp = new WebSocket(
  await new Promise<string>((resolve, reject) => {
    let text = '';
    browser.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    browser.once('exit', (code) => reject(new Error(`Chromium (${CHROMIUM}) ended (code ${code}) before it listened: ${text.trim().split('\n').slice(-3).join(' | ')}`)));
  }),
  { perMessageDeflate: false },
);
await new Promise<void>((resolve, reject) => cdp.once('open', () => resolve()).once('error', reject));
let cdpId = 0;
const cdpAnswers = new Map<number, (message: { result?: any; error?: { message: string } }) => void>();
cdp.on('message', (data) => {
  const message = JSON.parse(String(data)) as { id?: number; result?: any; error?: { message: string } };
  if (message.id !== undefined) cdpAnswers.get(message.id)?.(message);
});
async function devtools(method: string, params: object): Promise<any> {
  const id = ++cdpId;
  const answer = await new Promise<{ result?: any; error?: { message: string } }>((resolve) => {
    cdpAnswers.set(id, resolve);
    cdp.send(JSON.stringify({ id, method, params }));
  });
  cdpAnswers.delete(id);
  if (answer.error) throw new Error(`Chromium refused ${method}: ${answer.error.message}`);
  return answer.result;
}

/** One page and the calls in flight to it; calls made in the same tick go as one batch. */
class BrowserPage {
  /** Clients of running deployments placed here. */
  clients = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private outbox: object[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: string; harness?: string; client?: string; event?: unknown; pageError?: string };
      if (message.pageError !== undefined) return void process.stderr.write(`browser page: ${message.pageError}\n`);
      if (message.id === undefined) return listeners.get(`${message.harness}/${message.client}`)?.(message.event);
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) call?.reject(new Error(`in the browser: ${message.error}`));
      else call?.resolve(message.result);
    });
  }

  /** A tab in a browser context of its own, once its page has connected back. */
  static async open(n: number): Promise<BrowserPage> {
    const connected = new Promise<WebSocket>((resolve) => pageSockets.set(String(n), resolve));
    const url = `http://127.0.0.1:${port}/?host=${encodeURIComponent(`ws://127.0.0.1:${port}/host?page=${n}`)}`;
    const { browserContextId } = await devtools('Target.createBrowserContext', {});
    await devtools('Target.createTarget', { url, browserContextId });
    return new BrowserPage(await connected);
  }

  call(call: PageCall): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.outbox.push({ id, ...call });
      if (this.outbox.length === 1) setImmediate(() => this.socket.send(JSON.stringify(this.outbox.splice(0))));
    });
  }

}

/** Every client's listener, by "harness/client". */
const listeners = new Map<string, (event: unknown) => void>();
const pages: BrowserPage[] = [];
let opening: Promise<BrowserPage> | undefined;
/** Opens one more page, unless one is opening already. */
function openPage(): Promise<BrowserPage> {
  opening ??= BrowserPage.open(pages.length + 1).then((page) => {
    pages.push(page);
    opening = undefined;
    return page;
  });
  return opening;
}
/**
 * A place for one more client: the page with the fewest. Opening a page takes seconds on a busy
 * machine, so the next one opens in the background once fewer than PAGE_CLIENTS places are left.
 */
async function placeClient(): Promise<BrowserPage> {
  for (;;) {
    const page = pages.reduce<BrowserPage | undefined>((best, p) => (p.clients < PAGE_CLIENTS && (!best || p.clients < best.clients) ? p : best), undefined);
    if (page) {
      page.clients++;
      const free = pages.reduce((sum, p) => sum + Math.max(0, PAGE_CLIENTS - p.clients), 0);
      if (free < PAGE_CLIENTS) void openPage();
      return page;
    }
    await openPage();
  }
}

/** A client in the page: every call is one page call, made at once. */
class BrowserClient implements Client {
  constructor(
    readonly page: BrowserPage,
    readonly harness: string,
    readonly id: string,
  ) {}
  private call(method: ClientMethod, ...args: unknown[]): Promise<Answer> {
    return this.page.call({ op: 'call', harness: this.harness, client: this.id, method, args }) as Promise<Answer>;
  }
  init = () => this.call('init');
  unInit = () => this.call('unInit');
  login = (userId: string, userSig: string) => this.call('login', userId, userSig);
  logout = () => this.call('logout');
  getLoginUser = () => this.call('getLoginUser');
  getLoginStatus = () => this.call('getLoginStatus');
  getConversationList = () => this.call('getConversationList');
  // JSON has no undefined: an absent argument stays absent.
  callGated = (api: GatedApi, args?: Record<string, unknown>) => (args === undefined ? this.call('callGated', api) : this.call('callGated', api, args));
}

let deploymentCount = 0;
async function startBrowserHarness(link: LinkConditions | undefined): Promise<Harness> {
  const server = await startReference(link ? { link } : {});
  const harness = `d${++deploymentCount}`;
  const links = new Map<string, FaultProxy>();
  const clients: BrowserClient[] = [];
  deployments.set(harness, links);
  const linkOf = (client: Client) => {
    const found = clients.find((c) => c === client);
    if (!found) throw new Error('Expected a client of this harness');
    return { client: found, proxy: links.get(found.id)! };
  };
  const pagesOf = () => [...new Set(clients.map((c) => c.page))];
  /** One call to every page holding clients of this harness, naming those that are not held. */
  const onPages = (op: 'idle' | 'ping') =>
    Promise.all(pagesOf().map((page) => page.call({ op, harness, clients: clients.filter((c) => c.page === page && links.get(c.id)!.state !== 'held').map((c) => c.id) })));
  return {
    async createClient({ platform, onEvent }) {
      const id = `c${links.size + 1}`;
      links.set(id, server.remoteLink());
      listeners.set(`${harness}/${id}`, onEvent);
      const page = await placeClient();
      await page.call({ op: 'create', harness, client: id, platform, nowMs: server.time.now(), link: `ws://127.0.0.1:${port}/link/${harness}/${id}` });
      const client = new BrowserClient(page, harness, id);
      clients.push(client);
      return client;
    },
    issueSig: (userId, options) => server.issueSig(userId, options),
    // As in-process: every call answered (on every page), then one ping per link not held.
    async settle() {
      await onPages('idle');
      await onPages('ping');
    },
    async stop() {
      await Promise.all(pagesOf().map((page) => page.call({ op: 'stop', harness })));
      for (const c of clients) {
        c.page.clients--;
        listeners.delete(`${harness}/${c.id}`);
      }
      await server.stop();
      deployments.delete(harness);
    },
    clock: {
      // The server's timers first, then the clients' (one clock runs them in that order too).
      async advance(ms) {
        await server.clock.advance(ms);
        await Promise.all(pagesOf().map((page) => page.call({ op: 'advance', harness, ms })));
      },
    },
    accounts: server.accounts,
    onlineState: (userId) => server.onlineState(userId),
    configure: (settings) => server.configure(settings),
    kick: (userId) => server.kick(userId),
    dailyActiveUsers: () => server.dailyActiveUsers(),
    // A change to a link waits until the page has run the calls made before it (a logout, then a
    // restore: the logout reaches the SDK before the held bytes do, as in-process).
    network: {
      // As in-process: returns once the server and the client have both seen the link go.
      async drop(c) {
        const { client, proxy } = linkOf(c);
        await client.page.call({ op: 'sync' });
        const serverEnds = proxy.upstreams().map((s) => (s as MemorySocket).peer);
        proxy.drop();
        await server.server.whenClosed(serverEnds);
        await client.page.call({ op: 'whenDisconnected', harness, client: client.id });
      },
      async hold(c) {
        const { client, proxy } = linkOf(c);
        await client.page.call({ op: 'sync' });
        proxy.hold();
      },
      async restore(c) {
        const { client, proxy } = linkOf(c);
        await client.page.call({ op: 'sync' });
        if (proxy.state === 'down') await client.page.call({ op: 'whenDisconnected', harness, client: client.id });
        proxy.restore();
      },
    },
  };
}

// The reference SDK as the handshake declares it, its clients in the browser.
const adapter = defineAdapter({
  name: reference.name,
  version: reference.version,
  capabilities: reference.capabilities,
  gatedApis: reference.gatedApis,
  ...(reference.platforms ? { platforms: reference.platforms } : {}),
  ...(reference.codes ? { codes: reference.codes } : {}),
  ...(reference.statusNumbering ? { statusNumbering: reference.statusNumbering } : {}),
  start: (options) => startBrowserHarness(options?.link),
});

// Pages ready before the suite's first request: a whole run holds up to 500 clients at once.
for (let i = 0; i < 3; i++) await openPage();

const suite = new WebSocket(suiteUrl, { perMessageDeflate: false });
// Served before it opens: the suite's handshake can arrive in the same turn as 'open' (driver-node/driver.ts).
driverCore(adapter, { driver: BROWSER_DRIVER }).serve(suite);
await new Promise<void>((resolve, reject) => suite.once('open', resolve).once('error', reject));

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    setTimeout(() => process.exit(0), 3000).unref(); // a browser that will not close does not keep us
    browser.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
    http.close();
    process.exit(0);
  })();
  return stopping;
}
suite.on('close', () => void stop()); // the suite is done (serve.ts stops every deployment first)
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
