// The adapter contract on top of a driver link: each Harness and Client call is one request,
// each listener callback one `client.event` notification. Names, capabilities, gated APIs and
// codes come from the driver's handshake; the optional harness parts exist only for the
// capabilities the driver declared, exactly as with an in-process adapter.
import { defineAdapter, type Adapter, type Answer, type Client, type ClientEvent, type ClientOptions, type GatedApi, type Harness, type IssueSigOptions, type LoginSettings, type Meaning } from '../contract.ts';
import { DriverError, type DriverLink, type HarnessSink } from './link.ts';
import { preview, type HandshakeResult, type Method, type ParamsOf, type ResultOf } from './protocol.ts';

/** An Adapter whose harnesses live in the driver behind `link` (described by its handshake `info`). */
export function remoteAdapter(info: HandshakeResult, link: () => DriverLink): Adapter {
  return defineAdapter({
    name: info.sdk.name,
    version: info.sdk.version,
    capabilities: info.capabilities,
    gatedApis: info.gatedApis,
    ...(info.platforms ? { platforms: info.platforms } : {}),
    ...(info.codes ? { codes: info.codes as Record<number, Meaning> } : {}),
    ...(info.statusNumbering ? { statusNumbering: info.statusNumbering } : {}),
    async start(options) {
      const l = link();
      const { harness } = await l.request('harness.start', options?.link ? { link: options.link } : {});
      return new RemoteHarness(l, harness, info);
    },
  });
}

type HarnessParams<M extends Method> = Omit<ParamsOf<M>, 'harness'>;
type ClientMethod = Extract<Method, `client.${string}`>;

export class RemoteHarness implements Harness, HarnessSink {
  private readonly clients = new Map<string, RemoteClient>();
  /** Protocol violations of this harness (events, stray messages): each fails the next call. */
  private readonly faults: string[] = [];
  private stopping: Promise<void> | undefined;

  clock?: Harness['clock'];
  accounts?: Harness['accounts'];
  onlineState?: Harness['onlineState'];
  configure?: Harness['configure'];
  network?: Harness['network'];
  kick?: Harness['kick'];
  dailyActiveUsers?: Harness['dailyActiveUsers'];

  constructor(
    private readonly link: DriverLink,
    readonly id: string,
    info: HandshakeResult,
  ) {
    link.register(id, this);
    const has = (c: HandshakeResult['capabilities'][number]) => info.capabilities.includes(c);
    const nothing = () => undefined;
    if (has('virtual-clock')) this.clock = { advance: (ms) => this.call('harness.clock.advance', { ms }).then(nothing) };
    if (has('accounts')) this.accounts = { exists: (userId) => this.call('harness.accounts.exists', { userId }) };
    if (has('online-state')) this.onlineState = (userId) => this.call('harness.onlineState', { userId });
    if (has('login-policy')) this.configure = (settings: LoginSettings) => this.call('harness.configure', { settings }) as Promise<Answer>;
    if (has('network-faults')) {
      this.network = {
        drop: (client) => this.call('harness.network.drop', { client: this.clientId(client, 'drop') }).then(nothing),
        hold: (client) => this.call('harness.network.hold', { client: this.clientId(client, 'hold') }).then(nothing),
        restore: (client) => this.call('harness.network.restore', { client: this.clientId(client, 'restore') }).then(nothing),
      };
    }
    if (has('admin-kick')) this.kick = (userId) => this.call('harness.kick', { userId }) as Promise<Answer>;
    if (has('metrics')) this.dailyActiveUsers = () => this.call('harness.dailyActiveUsers', {});
  }

  async createClient({ platform, onEvent }: ClientOptions): Promise<Client> {
    const { client: id } = await this.call('harness.createClient', { platform });
    if (this.clients.has(id)) throw new DriverError(`driver answered harness.createClient with client ID "${id}", which harness "${this.id}" already has`);
    const client = new RemoteClient(this, id, onEvent);
    this.clients.set(id, client);
    return client;
  }

  issueSig(userId: string, { ttlSeconds, signWith }: IssueSigOptions = {}): Promise<string> {
    return this.call('harness.issueSig', { userId, ...(ttlSeconds === undefined ? {} : { ttlSeconds }), ...(signWith === undefined ? {} : { signWith }) });
  }

  async settle(): Promise<void> {
    await this.call('harness.settle', {});
  }

  /** Stops the driver's harness. Nothing to stop once the driver is gone: the spec has failed already. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        if (!this.link.gone) await this.link.request('harness.stop', { harness: this.id });
      } catch (e) {
        if (!this.link.gone) throw e;
      } finally {
        this.link.unregister(this.id);
      }
      this.raise();
    })();
    return this.stopping;
  }

  /** A request about this harness; a fault that arrived before or during it fails it. */
  async call<M extends Method>(method: M, params: HarnessParams<M>): Promise<ResultOf<M>> {
    this.raise();
    const result = await this.link.request(method, { harness: this.id, ...params } as ParamsOf<M>);
    this.raise();
    return result;
  }

  clientCall(method: ClientMethod, client: RemoteClient, params: object = {}): Promise<Answer> {
    return this.call(method, { client: client.id, ...params } as HarnessParams<typeof method>) as Promise<Answer>;
  }

  // HarnessSink: what the link routes to this harness.
  event(clientId: string, event: ClientEvent): void {
    const client = this.clients.get(clientId);
    if (client) return client.onEvent(event);
    this.fault(`driver sent an event for client "${clientId}", which harness "${this.id}" does not have (notification client.event, params.client): ${preview(event)}`);
  }

  fault(message: string): void {
    this.faults.push(message);
  }

  private raise(): void {
    const fault = this.faults.shift();
    if (fault !== undefined) throw new DriverError(fault);
  }

  private clientId(client: Client, fault: string): string {
    if (client instanceof RemoteClient && this.clients.get(client.id) === client) return client.id;
    throw new DriverError(`network.${fault}: the client is not one this harness created`);
  }
}

export class RemoteClient implements Client {
  constructor(
    private readonly harness: RemoteHarness,
    readonly id: string,
    readonly onEvent: (event: unknown) => void,
  ) {}

  init = () => this.harness.clientCall('client.init', this);
  unInit = () => this.harness.clientCall('client.unInit', this);
  login = (userId: string, userSig: string) => this.harness.clientCall('client.login', this, { userId, userSig });
  logout = () => this.harness.clientCall('client.logout', this);
  getLoginUser = () => this.harness.clientCall('client.getLoginUser', this);
  getLoginStatus = () => this.harness.clientCall('client.getLoginStatus', this);
  getConversationList = () => this.harness.clientCall('client.getConversationList', this);
  callGated = (api: GatedApi, args?: Record<string, unknown>) => this.harness.clientCall('client.callGated', this, args === undefined ? { api } : { api, args });
}
