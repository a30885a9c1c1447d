// The adapter contract: the whole surface an implementation under test provides.
// An adapter author writes one module whose default export is `defineAdapter({...})`.
// Everything an adapter answers crosses the boundary through the zod schemas below
// (see fixtures/checked-adapter.ts), so a wrong shape fails a spec instead of the run.
import { z } from 'zod';

/** Optional features, a closed list. A spec that needs one the adapter lacks is "not applicable". */
export const CAPABILITIES = [
  'virtual-clock', // harness.clock.advance(): ticket expiry and backoff without real waiting
  'accounts', // harness.accounts.exists(): the server-side account list (auto-signup)
  'online-state', // harness.onlineState(): the server's view of a user's instances
  'messaging', // client.callGated('sendMessage') delivers, and 'messageReceived' events arrive
  'login-policy', // harness.configure(): multi-client policy and per-platform limits
  'network-faults', // harness.network: drop and restore one client's connection
  'admin-kick', // harness.kick(): the server-side kick (REST im_open_login_svc/kick)
  'metrics', // harness.dailyActiveUsers(): the server's DAU count
] as const;
export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

export const PLATFORMS = ['android', 'iphone', 'ipad', 'windows', 'macos', 'web'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

/** Login status by name; the adapter maps its native enum (docs sample 0/1/2, native SDKs 1/2/3). */
export const LoginStatus = z.enum(['logged-in', 'logging-in', 'logged-out']);
export type LoginStatus = z.infer<typeof LoginStatus>;

/**
 * Representative APIs that may be used only after a successful login. An adapter declares
 * which of them it supports (`gatedApis`); the gating specs probe every declared one.
 * `sendMessage` takes `{ to, text }`; the others take no arguments the suite relies on.
 */
export const GATED_APIS = ['sendMessage', 'getUsersInfo', 'getFriendList', 'setSelfInfo', 'joinGroup', 'getGroupList'] as const;
export const GatedApi = z.enum(GATED_APIS);
export type GatedApi = z.infer<typeof GatedApi>;

/** Every call answers with the implementation's native code; a code profile gives it a meaning. */
export const Answer = z.object({ code: z.number().int(), desc: z.string().optional(), data: z.unknown().optional() });
export type Answer = z.infer<typeof Answer>;

/** What the suite needs the SDK's listener callbacks to report, in order, per client. */
export const ClientEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('connecting') }),
  z.object({ kind: z.literal('connectSuccess') }),
  z.object({ kind: z.literal('connectFailed'), code: z.number().int().optional() }),
  z.object({ kind: z.literal('kickedOffline') }),
  z.object({ kind: z.literal('userSigExpired') }),
  z.object({ kind: z.literal('messageReceived'), from: z.string(), text: z.string() }),
]);
export type ClientEvent = z.infer<typeof ClientEvent>;

/** One SDK instance on one device. */
export interface Client {
  /** Starts the SDK (connects). Answers ok even when the connection then fails (event connectFailed). */
  init(): Promise<Answer>;
  unInit(): Promise<Answer>;
  login(userId: string, userSig: string): Promise<Answer>;
  logout(): Promise<Answer>;
  /** `data` is the logged-in user ID, '' when nobody is logged in. */
  getLoginUser(): Promise<Answer>;
  /** `data` is a LoginStatus name. */
  getLoginStatus(): Promise<Answer>;
  /** The one API allowed as soon as login has been called. */
  getConversationList(): Promise<Answer>;
  callGated(api: GatedApi, args?: Record<string, unknown>): Promise<Answer>;
}

export interface ClientOptions {
  platform: Platform;
  /**
   * The adapter calls this for every listener callback of this client, in order. Typed
   * `unknown` on purpose: the suite validates each event against `ClientEvent` itself.
   */
  onEvent(event: unknown): void;
}

export type SigningKey = 'app' | 'wrong-key' | 'other-app';
export interface IssueSigOptions {
  /** Validity of the ticket (TLS.expire). Defaults to one day. */
  ttlSeconds?: number;
  /** Sign with the app's key (default), another key, or for another SDKAppID: for negative tests. */
  signWith?: SigningKey;
}

export const LoginPolicy = z.enum(['single-platform', 'dual-platform', 'triple-platform', 'multi-platform']);
export type LoginPolicy = z.infer<typeof LoginPolicy>;
/** A console change: fields left out keep their value. Whole numbers; the bounds are the console's to enforce. */
export const LoginSettings = z.object({
  policy: LoginPolicy.optional(),
  maxInstances: z.partialRecord(Platform, z.number().int().nonnegative()).optional(),
});
export type LoginSettings = z.infer<typeof LoginSettings>;
export const OnlineInstances = z.array(z.object({ platform: Platform, instances: z.number().int().nonnegative() }));
export type OnlineInstances = z.infer<typeof OnlineInstances>;

/** One running deployment: server, business server (ticket issuer) and any number of clients. */
export interface Harness {
  /** A new, not yet initialised SDK instance (the suite calls init() itself). */
  createClient(options: ClientOptions): Promise<Client>;
  /** The customer's business server: a ticket for this user. */
  issueSig(userId: string, options?: IssueSigOptions): Promise<string>;
  /** Resolves once everything in flight has been delivered (a barrier, not a sleep). */
  settle(): Promise<void>;
  stop(): Promise<void>;
  // By capability:
  clock?: { advance(ms: number): Promise<void> };
  accounts?: { exists(userId: string): Promise<boolean> };
  /**
   * Instances holding a session per platform, connected or dropped but resumable (Tencent's
   * Online and PushOnline); platforms with none may be listed with 0 or left out.
   */
  onlineState?(userId: string): Promise<OnlineInstances>;
  /** What the console sets: the multi-client policy and per-platform maxima (refused out of bounds). */
  configure?(settings: LoginSettings): Promise<Answer>;
  /**
   * Faults on one client's connection to the server. drop: the link goes down now (the client
   * sees its connection end) and stays down; hold: traffic both ways is held back, undelivered;
   * restore: the link is up again and held traffic flows (after a drop, the client reconnects
   * by itself, within 60 s of clock time). hold then drop cuts a login or a reconnect mid-flight.
   */
  network?: { drop(client: Client): Promise<void>; hold(client: Client): Promise<void>; restore(client: Client): Promise<void> };
  /** The server-side kick of every instance of a user (REST im_open_login_svc/kick). */
  kick?(userId: string): Promise<Answer>;
  /** Distinct users counted as daily active on the current (virtual) day. */
  dailyActiveUsers?(): Promise<number>;
}

/** Network conditions on every client's link to the server: one-way delay and its jitter, in ms, both directions. */
export const LinkConditions = z.strictObject({ delayMs: z.number().nonnegative(), jitterMs: z.number().nonnegative() });
export type LinkConditions = z.infer<typeof LinkConditions>;

/**
 * A setting of one adapter (a region, an endpoint): given on the command line as `--NAME VALUE`,
 * or in the environment variable `env`. `run --adapter X --help` lists them; a bad value ends the
 * run before it starts (exit 2, one line); start() receives the parsed values. An adapter must not
 * read its options when its module loads: only the suite knows them by then.
 */
export interface AdapterOption {
  /** The flag without "--", lower case and "-": e.g. "tencent-region". */
  name: string;
  description: string;
  /** The environment variable that gives the value when the flag does not (it also carries it to the spec workers). */
  env: string;
  /** Checks the text and returns the value start() gets; throws with a message saying what is expected (a zod schema fits). Default: the text. */
  parse?: ((text: string) => unknown) | { parse(text: string): unknown };
  /** Only from the environment, never a flag: a secret on a command line shows in process lists and CI logs. */
  secret?: boolean;
  /** The run cannot start without it. */
  required?: boolean;
}

/** What a run asks of each deployment it starts. */
export interface StartOptions {
  /** The adapter's own options (Adapter.options), by name, parsed; only those given. */
  options?: Record<string, unknown>;
  /**
   * `--latency`/`--jitter`: put this delay on every client's link (answers, pushes and events
   * alike), keeping each direction in order. Passed only to adapters that declare "network-faults";
   * absent, the links are as fast as they are.
   */
  link?: LinkConditions;
}

const count = z.number().int().nonnegative();
/**
 * What a run costs the service behind the adapter: on a live app these are quota and money.
 * The suite counts them at the adapter boundary (fixtures/checked-adapter.ts), per spec.
 */
export const Footprint = z.strictObject({
  /** adapter.start(): deployments of server, business server and clients. */
  deployments: count,
  /** harness.createClient(): SDK instances. */
  instances: count,
  /** client.login() calls, answered ok or not. */
  logins: count,
  /** Distinct user IDs logged in successfully, per deployment, summed: the accounts a service signs up. */
  accounts: count,
  /** Server-side views and console changes (accounts, online state, configure, kick, DAU): REST calls on a live app. */
  serverCalls: count,
});
export type Footprint = z.infer<typeof Footprint>;

/**
 * Limits on any of a run's footprint figures: a live service's quota (Adapter.limits) or the
 * user's (--budget); and a rate, loginsPerMinute, which the run keeps to by pacing its logins.
 */
export const Budget = Footprint.partial().extend({ loginsPerMinute: z.number().positive().optional() });
export type Budget = z.infer<typeof Budget>;

/** Meanings the suite reasons with; a code profile maps native codes to them. */
export const MEANINGS = [
  'ok',
  'not-initialized',
  'not-logged-in',
  'invalid-parameters',
  'invalid-user-id',
  'sig-expired',
  'sig-empty',
  'sig-invalid',
  'sig-user-mismatch',
  'sig-app-mismatch',
  'kicked',
  'login-in-progress',
  'account-not-found',
] as const;
export const Meaning = z.enum(MEANINGS);
export type Meaning = z.infer<typeof Meaning>;

export interface Adapter {
  name: string;
  version: string;
  capabilities: readonly Capability[];
  /** Which representative gated APIs the SDK has (at least one). */
  gatedApis: readonly GatedApi[];
  /**
   * The platforms the SDK runs as (default: all of PLATFORMS); e.g. a web SDK is ['web']. A spec
   * that needs an instance on another platform is not applicable; the others use the first listed.
   */
  platforms?: readonly Platform[];
  /** Native code -> meaning, for codes that differ from the Tencent table. */
  codes?: Readonly<Record<number, Meaning>>;
  /** Informational: the native number of each login status, shown in the report. */
  statusNumbering?: Readonly<Partial<Record<LoginStatus, number>>>;
  /**
   * The most a run may use of the service behind the adapter (e.g. a trial app's accounts): the
   * run plans within it, as within --budget (the tighter of the two wins). See fixtures/footprint.ts.
   */
  limits?: Budget;
  /** Settings of this adapter (see AdapterOption), passed to start() as `options`. */
  options?: readonly AdapterOption[];
  start(options?: StartOptions): Promise<Harness>;
}

/** The shape an adapter module's default export must have (functions checked by type only). */
export const AdapterSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  capabilities: z.array(Capability),
  gatedApis: z.array(GatedApi).min(1),
  platforms: z.array(Platform).min(1).optional(),
  codes: z.record(z.string().regex(/^-?\d+$/), Meaning).optional(),
  statusNumbering: z.partialRecord(LoginStatus, z.number()).optional(),
  limits: Budget.optional(),
  options: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower case letters, digits and "-"'),
        description: z.string().min(1),
        env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name'),
        parse: z.unknown().optional(),
        secret: z.boolean().optional(),
        required: z.boolean().optional(),
      }),
    )
    .optional(),
  start: z.custom<(options?: StartOptions) => Promise<Harness>>((v) => typeof v === 'function', 'expected a function'),
});

export function defineAdapter(adapter: Adapter): Adapter {
  return adapter;
}
