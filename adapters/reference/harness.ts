// One running deployment of the reference: a virtual clock, the server (WebSocket and REST
// admin API), the business server that issues tickets, and the clients a spec creates, each
// behind its own fault-injecting proxy so its link can be cut, held or restored alone. Client
// links and the REST admin API's requests are in memory: the same HTTP and WebSocket bytes, without
// TCP (the server still listens on a port, for clients that are given its URL).
import { randomBytes, randomInt } from 'node:crypto';
import type { Answer, Client, ClientOptions, Harness, IssueSigOptions, LinkConditions, LoginSettings, OnlineInstances } from '../contract.ts';
import { FaultProxy, MemorySocket } from '../../fixtures/fault-proxy.ts';
import { nodeTransport, RestAdminClient } from '../rest-admin/client.ts';
import { restAdminViews } from '../rest-admin/views.ts';
import { ReferenceClient, type ServerLink, type Timers } from './client.ts';
import { VirtualClock } from './clock.ts';
import { ADMIN_IDENTIFIER, ReferenceServer, type ServerOptions } from './server.ts';
import { issueTicket } from './tls-sig.ts';

export type ServerClass = new (options: ServerOptions) => ReferenceServer;
export type ClientClass = new (server: ServerLink, options: ClientOptions, timers: Timers) => ReferenceClient;

export interface ReferenceOptions {
  /** A subclass with one decision broken on purpose (a mutant), or the reference itself. */
  Server?: ServerClass;
  Client?: ClientClass;
  /** Delay and jitter on every client's link (the fault proxy carries them). */
  link?: LinkConditions;
}

/** The contract's Harness with every capability of the reference present, plus its parts. */
export interface ReferenceHarness extends Harness {
  readonly server: ReferenceServer;
  readonly time: VirtualClock;
  readonly clients: readonly ReferenceClient[];
  /** The REST admin API client the harness's server-side views go through. */
  readonly rest: RestAdminClient;
  /** The proxy in front of a client's link. */
  proxyOf(client: Client): FaultProxy;
  /**
   * A link to the server for a client that runs elsewhere (the browser driver's page): its own
   * fault proxy, whose `open()` gives a new connection carrying the client's WebSocket bytes.
   */
  remoteLink(): FaultProxy;
  createClient(options: ClientOptions): Promise<ReferenceClient>;
  clock: { advance(ms: number): Promise<void> };
  accounts: { exists(userId: string): Promise<boolean> };
  onlineState(userId: string): Promise<OnlineInstances>;
  configure(settings: LoginSettings): Promise<Answer>;
  network: { drop(client: Client): Promise<void>; hold(client: Client): Promise<void>; restore(client: Client): Promise<void> };
  kick(userId: string): Promise<Answer>;
  dailyActiveUsers(): Promise<number>;
}

const DAY_SECONDS = 86_400;
const randomKey = () => randomBytes(32).toString('hex');

export async function startReference({ Server = ReferenceServer, Client = ReferenceClient, link }: ReferenceOptions = {}): Promise<ReferenceHarness> {
  const time = new VirtualClock();
  const sdkAppId = 1_400_000_000 + randomInt(1, 100_000_000);
  const key = randomKey();
  const server = new Server({ clock: time, sdkAppId, key });
  await server.start();
  const clients: ReferenceClient[] = [];
  const proxies = new Map<Client, FaultProxy>();
  const remoteLinks: FaultProxy[] = [];
  let stopping: Promise<void> | undefined;

  const ticket = (userId: string, ttlSeconds = DAY_SECONDS) =>
    issueTicket({ sdkAppId, key, userId, nowSeconds: Math.floor(time.now() / 1000), expireSeconds: ttlSeconds });
  // The admin's ticket, issued afresh whenever virtual time has moved (it may be past an earlier one's expiry).
  let adminSig = { atSeconds: -1, sig: '' };
  const adminTicket = () => {
    const atSeconds = Math.floor(time.now() / 1000);
    if (adminSig.atSeconds !== atSeconds) adminSig = { atSeconds, sig: ticket(ADMIN_IDENTIFIER) };
    return adminSig.sig;
  };
  const rest = new RestAdminClient({ baseUrl: server.adminUrl, sdkAppId, identifier: ADMIN_IDENTIFIER, userSig: adminTicket, transport: nodeTransport({ connect: () => connectToServer() }) });

  const connectToServer = (): MemorySocket => {
    const [proxySide, serverSide] = MemorySocket.pair();
    server.accept(serverSide);
    return proxySide;
  };
  const proxyOf = (client: Client): FaultProxy => {
    const proxy = proxies.get(client);
    if (!proxy) throw new Error(`Expected a client created by this harness but got ${String(client)}`);
    return proxy;
  };
  const referenceClient = (client: Client): ReferenceClient => {
    proxyOf(client);
    return client as ReferenceClient;
  };

  return {
    server,
    time,
    clients,
    rest,
    proxyOf,

    async createClient(options) {
      if (stopping) throw new Error('Expected a running harness but it was stopped');
      const proxy = FaultProxy.inMemory({ connect: () => connectToServer(), ...(link ? { conditions: link } : {}) });
      const client = new Client(() => proxy.open(), options, time);
      proxies.set(client, proxy);
      clients.push(client);
      return client;
    },

    remoteLink() {
      const proxy = FaultProxy.inMemory({ connect: () => connectToServer(), ...(link ? { conditions: link } : {}) });
      remoteLinks.push(proxy);
      return proxy;
    },

    async issueSig(userId, { ttlSeconds = DAY_SECONDS, signWith = 'app' }: IssueSigOptions = {}) {
      return issueTicket({
        sdkAppId: signWith === 'other-app' ? sdkAppId + 1 : sdkAppId,
        key: signWith === 'wrong-key' ? randomKey() : key,
        userId,
        nowSeconds: Math.floor(time.now() / 1000),
        expireSeconds: ttlSeconds,
      });
    },

    // Exact, not a sleep. (1) Every call the app started, and every reconnect the clock started
    // (attempt and resume), has finished, so the server has handled every request sent so far
    // and sent every push they caused. (2) One ping per client: the server answers it after
    // those pushes on the same ordered connection, so when the pong is read the client has
    // handled them. Pushes from clock.advance are sent within advance. A client whose link is
    // held is left out: nothing of it can be delivered until restore (or drop).
    async settle() {
      const live = clients.filter((c) => proxies.get(c)?.state !== 'held');
      await Promise.all(live.map((c) => c.idle()));
      await Promise.all(live.map((c) => c.ping()));
    },

    stop() {
      stopping ??= (async () => {
        for (const client of clients) client.dispose();
        await Promise.all([...proxies.values(), ...remoteLinks].map((p) => p.close()));
        await server.stop();
      })();
      return stopping;
    },

    clock: {
      // Timers due run synchronously: expiry pushes are sent, and reconnects the backoff makes
      // due are started (settle waits for them).
      async advance(ms) {
        time.advance(ms);
      },
    },

    ...restAdminViews(rest),

    async configure(settings) {
      return server.configure(settings);
    },

    network: {
      // The link goes down; returns once the client has seen its connection end and the server
      // has seen it too (the session is then dropped: resumable, PushOnline).
      async drop(client) {
        const proxy = proxyOf(client);
        const serverEnds = proxy.upstreams().map((s) => (s as MemorySocket).peer);
        proxy.drop();
        await referenceClient(client).whenDisconnected();
        await server.whenClosed(serverEnds);
      },
      async hold(client) {
        proxyOf(client).hold();
      },
      // Held traffic flows again (settle delivers it). After a drop the client reconnects by
      // itself at its next backoff: advance the clock by RECONNECT_MAX_BACKOFF_MS, then settle.
      async restore(client) {
        const proxy = proxyOf(client);
        // An attempt the clock started while the link was down fails first, so whether it got
        // through never depends on timing.
        if (proxy.state === 'down') await referenceClient(client).whenDisconnected();
        proxy.restore();
      },
    },


    async dailyActiveUsers() {
      return server.dailyActiveUsers();
    },
  };
}
