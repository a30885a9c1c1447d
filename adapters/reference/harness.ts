// One running deployment of the reference: a virtual clock, the server, the business server
// that issues tickets, and the clients a spec creates.
import { randomBytes, randomInt } from 'node:crypto';
import type { ClientOptions, Harness, IssueSigOptions, OnlineInstances } from '../contract.ts';
import { ReferenceClient } from './client.ts';
import { VirtualClock } from './clock.ts';
import { ReferenceServer, type ServerOptions } from './server.ts';
import { issueTicket } from './tls-sig.ts';

export type ServerClass = new (options: ServerOptions) => ReferenceServer;
export type ClientClass = new (url: string, options: ClientOptions) => ReferenceClient;

export interface ReferenceOptions {
  /** A subclass with one decision broken on purpose (a mutant), or the reference itself. */
  Server?: ServerClass;
  Client?: ClientClass;
}

/** The contract's Harness with every capability of the reference present, plus its parts. */
export interface ReferenceHarness extends Harness {
  readonly server: ReferenceServer;
  readonly time: VirtualClock;
  readonly clients: readonly ReferenceClient[];
  createClient(options: ClientOptions): Promise<ReferenceClient>;
  clock: { advance(ms: number): Promise<void> };
  accounts: { exists(userId: string): Promise<boolean> };
  onlineState(userId: string): Promise<OnlineInstances>;
}

const DAY_SECONDS = 86_400;
const randomKey = () => randomBytes(32).toString('hex');

export async function startReference({ Server = ReferenceServer, Client = ReferenceClient }: ReferenceOptions = {}): Promise<ReferenceHarness> {
  const time = new VirtualClock();
  const sdkAppId = 1_400_000_000 + randomInt(1, 100_000_000);
  const key = randomKey();
  const server = new Server({ clock: time, sdkAppId, key });
  const url = await server.start();
  const clients: ReferenceClient[] = [];
  let stopping: Promise<void> | undefined;

  return {
    server,
    time,
    clients,

    async createClient(options) {
      if (stopping) throw new Error('Expected a running harness but it was stopped');
      const client = new Client(url, options);
      clients.push(client);
      return client;
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

    // Exact, not a sleep. (1) Every call the app started has answered, so the server has handled
    // every request sent so far, and sent every push they caused. (2) One ping per client: the
    // server answers it after those pushes on the same ordered connection, so when the pong is
    // read the client has handled them. Pushes from clock.advance are sent within advance.
    async settle() {
      await Promise.all(clients.map((c) => c.idle()));
      await Promise.all(clients.map((c) => c.ping()));
    },

    stop() {
      stopping ??= (async () => {
        for (const client of clients) client.dispose();
        await server.stop();
      })();
      return stopping;
    },

    clock: {
      async advance(ms) {
        time.advance(ms);
      },
    },
    accounts: {
      async exists(userId) {
        return server.accountExists(userId);
      },
    },
    async onlineState(userId) {
      return server.onlineState(userId);
    },
  };
}
