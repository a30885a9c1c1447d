// The reference IM login service: verifies tickets, signs users up on their first successful
// login, keeps one session per logged-in SDK instance and kicks the oldest when a platform is full.
// Everything runs synchronously per message, so sessions change strictly in arrival order.
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { PLATFORMS, type Answer, type GatedApi, type OnlineInstances, type Platform } from '../contract.ts';
import type { VirtualClock } from './clock.ts';
import { CODES } from './codes.ts';
import { ClientMessage, type ServerMessage } from './protocol.ts';
import { verifyTicket, type TicketVerdict } from './tls-sig.ts';

export interface ServerOptions {
  clock: VirtualClock;
  sdkAppId: number;
  key: string;
}

/** One client's WebSocket, holding at most one session (one account per SDK instance). */
export interface Connection {
  send(message: ServerMessage): void;
  session: Session | undefined;
}

export interface Session {
  readonly id: number;
  readonly userId: string;
  readonly platform: Platform;
  readonly instanceId: string;
  readonly connection: Connection;
  readonly expiresAtMs: number;
  cancelExpiry: () => void;
}

const VERDICT_CODES = {
  empty: CODES.sigEmpty,
  invalid: CODES.sigInvalid,
  'user-mismatch': CODES.sigUserMismatch,
  'app-mismatch': CODES.sigAppMismatch,
  expired: CODES.sigExpired,
} as const;

const SendMessageArgs = z.object({ to: z.string(), text: z.string() });

export class ReferenceServer {
  readonly clock: VirtualClock;
  readonly sdkAppId: number;
  readonly #key: string;
  protected readonly accounts = new Set<string>();
  /** Every live session, oldest first. */
  protected sessions: Session[] = [];
  /** The most instances of one user per platform; newest wins beyond it. */
  protected readonly maxInstances: Record<Platform, number> = Object.fromEntries(PLATFORMS.map((p) => [p, 1])) as Record<Platform, number>;
  #nextSessionId = 1;
  #wss: WebSocketServer | undefined;
  #url = '';

  constructor({ clock, sdkAppId, key }: ServerOptions) {
    this.clock = clock;
    this.sdkAppId = sdkAppId;
    this.#key = key;
  }

  /** Listens on 127.0.0.1, on a free port; resolves to the ws:// URL. */
  async start(): Promise<string> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.#wss = wss;
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const address = wss.address();
    if (address === null || typeof address === 'string') throw new Error(`Expected a TCP address but got ${String(address)}`);
    this.#url = `ws://127.0.0.1:${address.port}`;
    wss.on('connection', (socket) => this.#accept(socket));
    return this.#url;
  }

  get url(): string {
    return this.#url;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.cancelExpiry();
    this.sessions = [];
    const wss = this.#wss;
    this.#wss = undefined;
    if (!wss) return;
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  // Server-side views (REST account_check and the online-state query, in Tencent terms).
  accountExists(userId: string): boolean {
    return this.accounts.has(userId);
  }

  onlineState(userId: string): OnlineInstances {
    return PLATFORMS.map((platform) => ({ platform, instances: this.sessions.filter((s) => s.userId === userId && s.platform === platform).length })).filter(
      (p) => p.instances > 0,
    );
  }

  // ---- Seams: the decisions a deliberately broken variant overrides. ----

  /** 1..32 UTF-8 bytes of letters, digits, '_' and '-'. */
  protected validateUserId(userId: string): boolean {
    return Buffer.byteLength(userId, 'utf8') >= 1 && Buffer.byteLength(userId, 'utf8') <= 32 && /^[A-Za-z0-9_-]+$/.test(userId);
  }

  protected verifyTicket(userId: string, userSig: string): TicketVerdict {
    return verifyTicket(userSig, { sdkAppId: this.sdkAppId, key: this.#key, userId, nowSeconds: Math.floor(this.clock.now() / 1000) });
  }

  /** Asked after every login attempt with its answer code: signup happens only on success. */
  protected shouldCreateAccount(_userId: string, code: number): boolean {
    return code === CODES.ok;
  }

  /**
   * The sessions a new one replaces. Its own connection's previous session ends silently (the
   * same device); beyond the platform's limit the oldest sessions of that user are kicked.
   * Login policies across platforms will plug in here.
   */
  protected admit(candidate: Session): Session[] {
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const samePlatform = this.sessions.filter((s) => s.userId === candidate.userId && s.platform === candidate.platform && !own.includes(s));
    const excess = samePlatform.length + 1 - this.maxInstances[candidate.platform];
    return [...own, ...samePlatform.slice(0, Math.max(0, excess))];
  }

  /** The gated APIs: refused without a session, whatever the client let through. */
  protected handleCall(session: Session | undefined, api: GatedApi, args: Record<string, unknown> | undefined): Answer {
    if (!session) return { code: CODES.notLoggedIn, desc: `${api} needs a logged-in user` };
    switch (api) {
      case 'sendMessage': {
        const parsed = SendMessageArgs.safeParse(args);
        if (!parsed.success) return { code: CODES.invalidParameters, desc: 'sendMessage takes { to, text }' };
        for (const s of this.sessions.filter((s) => s.userId === parsed.data.to)) {
          s.connection.send({ type: 'message', session: s.id, from: session.userId, text: parsed.data.text });
        }
        return { code: CODES.ok };
      }
      case 'setSelfInfo':
      case 'joinGroup':
        return { code: CODES.ok };
      case 'getUsersInfo':
      case 'getFriendList':
      case 'getGroupList':
        return { code: CODES.ok, data: [] };
    }
  }

  /** Another login took this session's place: tell its client. */
  protected kick(session: Session): void {
    session.connection.send({ type: 'kicked', session: session.id });
    this.endSession(session);
  }

  /** The session's ticket ran out while online. */
  protected expire(session: Session): void {
    session.connection.send({ type: 'sigExpired', session: session.id });
    this.endSession(session);
  }

  // ---- The machinery. ----

  protected endSession(session: Session): void {
    session.cancelExpiry();
    this.sessions = this.sessions.filter((s) => s !== session);
    if (session.connection.session === session) session.connection.session = undefined;
  }

  #login(connection: Connection, request: Extract<ClientMessage, { type: 'login' }>): { answer: Answer; session?: number } {
    const { userId, userSig, platform, instanceId } = request;
    const verdict: TicketVerdict | undefined = this.validateUserId(userId) ? this.verifyTicket(userId, userSig) : undefined;
    const code = !verdict ? CODES.invalidUserId : verdict.ok ? CODES.ok : VERDICT_CODES[verdict.reason];
    if (this.shouldCreateAccount(userId, code)) this.accounts.add(userId);
    if (!verdict) return { answer: { code, desc: 'invalid user ID' } };
    if (!verdict.ok) return { answer: { code, desc: `ticket ${verdict.reason}` } };

    const session: Session = {
      id: this.#nextSessionId++,
      userId,
      platform,
      instanceId,
      connection,
      expiresAtMs: verdict.expiresAtSeconds * 1000,
      cancelExpiry: () => {},
    };
    for (const old of this.admit(session)) {
      if (old.connection === connection) this.endSession(old);
      else this.kick(old);
    }
    this.sessions.push(session);
    connection.session = session;
    session.cancelExpiry = this.clock.setTimer(session.expiresAtMs, () => {
      if (this.sessions.includes(session)) this.expire(session);
    });
    return { answer: { code: CODES.ok }, session: session.id };
  }

  #receive(connection: Connection, data: RawData): void {
    let parsed: ReturnType<typeof ClientMessage.safeParse>;
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
      parsed = ClientMessage.safeParse(raw);
    } catch {
      return; // not JSON: nothing to answer to
    }
    if (!parsed.success) {
      const id = z.object({ id: z.number().int() }).safeParse(raw);
      if (id.success) connection.send({ type: 'reply', id: id.data.id, answer: { code: CODES.invalidParameters, desc: parsed.error.message } });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'login': {
        const { answer, session } = this.#login(connection, message);
        connection.send({ type: 'reply', id: message.id, answer, ...(session === undefined ? {} : { session }) });
        return;
      }
      case 'logout':
        if (connection.session) this.endSession(connection.session);
        connection.send({ type: 'reply', id: message.id, answer: { code: CODES.ok } });
        return;
      case 'call':
        connection.send({ type: 'reply', id: message.id, answer: this.handleCall(connection.session, message.api, message.args) });
        return;
      case 'ping':
        connection.send({ type: 'pong', id: message.id });
        return;
    }
  }

  #accept(socket: WebSocket): void {
    const connection: Connection = {
      session: undefined,
      send: (message) => socket.send(JSON.stringify(message)),
    };
    socket.on('message', (data) => this.#receive(connection, data));
    socket.on('error', () => {}); // a 'close' follows; without a listener 'error' would throw
    // A vanished client leaves nothing online (resuming after a network drop comes later).
    socket.on('close', () => {
      if (connection.session) this.endSession(connection.session);
    });
  }
}
