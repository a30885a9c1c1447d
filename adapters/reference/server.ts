// The reference IM login service: verifies tickets, signs users up on their first successful
// login, keeps one session per logged-in SDK instance, applies the multi-client policy (newest
// wins), keeps a session across a lost connection so the client can resume it, and answers a
// Tencent-shaped REST admin API (admin-api.ts) on the same port.
// Everything runs synchronously per message, so sessions change strictly in arrival order.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import type { Answer, GatedApi, LoginPolicy, LoginSettings, Platform } from '../contract.ts';
import { handleAdminRequest } from './admin-api.ts';
import type { VirtualClock } from './clock.ts';
import { CODES, TICKET_REFUSAL_CODES } from './codes.ts';
import { admission, applySettings, defaultSettings, maxInstancesBound } from './policy.ts';
import { ClientMessage, type ServerMessage } from './protocol.ts';
import { verifyTicket, type TicketVerdict } from './tls-sig.ts';

export interface ServerOptions {
  clock: VirtualClock;
  sdkAppId: number;
  key: string;
  /** App admin accounts allowed to call the REST admin API. Default: ['administrator']. */
  admins?: readonly string[];
}

export const ADMIN_IDENTIFIER = 'administrator';
/** Day boundaries for the DAU count: UTC days of the virtual clock. */
export const DAY_MS = 86_400_000;

/** One client's WebSocket, holding at most one session (one account per SDK instance). */
export interface Connection {
  send(message: ServerMessage): void;
  session: Session | undefined;
  /** False once the socket has closed: a session still bound to it is dropped, not ended. */
  open: boolean;
}

/** Why a session ended; a resume of it is refused with this reason. */
export type EndReason = 'logout' | 'replaced' | 'kicked' | 'expired';

export interface Session {
  readonly id: number;
  /** The secret a client shows to resume this session on a new connection. */
  readonly token: string;
  readonly userId: string;
  readonly platform: Platform;
  readonly instanceId: string;
  /** The connection it was last seen on; a resume moves it to the new one. */
  connection: Connection;
  readonly expiresAtMs: number;
  cancelExpiry: () => void;
  ended: EndReason | undefined;
}

/** One live session as the admin API reports it. */
export interface Presence {
  platform: Platform;
  /** false: the connection was lost and the session waits to be resumed (Tencent PushOnline). */
  connected: boolean;
}

type ResumeRequest = Extract<ClientMessage, { type: 'resume' }>;


const OK: Answer = { code: CODES.ok };
const SendMessageArgs = z.object({ to: z.string(), text: z.string() });

export class ReferenceServer {
  readonly clock: VirtualClock;
  readonly sdkAppId: number;
  readonly #key: string;
  readonly #admins: ReadonlySet<string>;
  protected readonly accounts = new Set<string>();
  /** Every live session (connected or dropped), oldest first. */
  protected sessions: Session[] = [];
  /** The multi-client policy (see policy.ts). */
  protected policy: LoginPolicy;
  /** The most instances of one user per platform; newest wins beyond it. */
  protected maxInstances: Record<Platform, number>;
  #everySession = new Map<number, Session>(); // ended ones too: a late resume learns why
  #activeByDay = new Map<number, Set<string>>();
  #closedBySocket = new WeakMap<object, Promise<void>>();
  #goodAdminTickets = new Map<string, number>(); // identifier + usersig -> expiry (seconds)
  #nextSessionId = 1;
  #http: HttpServer | undefined;
  #wss: WebSocketServer | undefined;
  #port = 0;

  constructor({ clock, sdkAppId, key, admins = [ADMIN_IDENTIFIER] }: ServerOptions) {
    this.clock = clock;
    this.sdkAppId = sdkAppId;
    this.#key = key;
    this.#admins = new Set(admins);
    const settings = defaultSettings();
    this.policy = settings.policy;
    this.maxInstances = settings.maxInstances;
  }

  /** Listens on 127.0.0.1, on a free port (WebSocket and REST on the same one); resolves to the ws:// URL. */
  async start(): Promise<string> {
    const http = createServer((req, res) => handleAdminRequest(this, req, res));
    const wss = new WebSocketServer({ server: http });
    this.#http = http;
    this.#wss = wss;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    const address = http.address();
    if (address === null || typeof address === 'string') throw new Error(`Expected a TCP address but got ${String(address)}`);
    this.#port = address.port;
    wss.on('connection', (socket, request) => this.#accept(socket, request));
    return this.url;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** Base URL of the REST admin API (POST /v4/...). */
  get adminUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.cancelExpiry();
    this.sessions = [];
    const [wss, http] = [this.#wss, this.#http];
    this.#wss = undefined;
    this.#http = undefined;
    if (wss) {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  }

  /** A connection made without TCP (an in-memory one: fixtures/fault-proxy.ts), served as one that came in on the port. */
  accept(socket: Duplex): void {
    if (!this.#http) throw new Error('Expected a started server but it is stopped');
    this.#http.emit('connection', socket);
  }

  /** Resolves once the server has seen these connections (their server ends) close: a barrier for network faults. */
  async whenClosed(sockets: readonly object[]): Promise<void> {
    await Promise.all(sockets.map((socket) => this.#closedBySocket.get(socket)));
  }

  // ---- Server-side views and admin operations (the REST admin API and the harness use these). ----

  accountExists(userId: string): boolean {
    return this.accounts.has(userId);
  }

  /** The user's live sessions, oldest first. */
  presence(userId: string): Presence[] {
    return this.sessions.filter((s) => s.userId === userId).map((s) => ({ platform: s.platform, connected: s.connection.open }));
  }

  /** REST im_open_login_svc/kick: ends every session of the user. */
  kickUser(userId: string): void {
    this.adminKick(userId);
  }

  /** The console's login settings; out of bounds is refused (6017) and changes nothing. Applies from the next login. */
  configure(change: LoginSettings): Answer {
    const result = applySettings({ policy: this.policy, maxInstances: this.maxInstances }, change, (p) => this.maxInstancesAllowed(p));
    if (!result.ok) return { code: CODES.invalidParameters, desc: result.reason };
    this.policy = result.settings.policy;
    this.maxInstances = result.settings.maxInstances;
    return OK;
  }

  /** Distinct users who logged in successfully on the current (virtual, UTC) day. */
  dailyActiveUsers(): number {
    return this.#activeByDay.get(this.#today())?.size ?? 0;
  }

  isAdmin(identifier: string): boolean {
    return this.#admins.has(identifier);
  }

  /**
   * An admin's REST usersig is a ticket like any other, checked against the virtual clock (not
   * through the verifyTicket seam: the mutants break the SDK login, not the admin API). A good
   * one is remembered, all but its expiry being a pure function of the ticket.
   */
  verifyAdminTicket(identifier: string, userSig: string): TicketVerdict {
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const known = this.#goodAdminTickets.get(`${identifier}\n${userSig}`);
    if (known !== undefined) return nowSeconds < known ? { ok: true, expiresAtSeconds: known } : { ok: false, reason: 'expired' };
    const verdict = verifyTicket(userSig, { sdkAppId: this.sdkAppId, key: this.#key, userId: identifier, nowSeconds });
    if (verdict.ok) {
      if (this.#goodAdminTickets.size >= 1_000) this.#goodAdminTickets.clear();
      this.#goodAdminTickets.set(`${identifier}\n${userSig}`, verdict.expiresAtSeconds);
    }
    return verdict;
  }

  // ---- Seams: the decisions a deliberately broken variant overrides. ----

  /** 1..32 UTF-8 bytes of letters, digits, '_' and '-'. */
  protected validateUserId(userId: string): boolean {
    return Buffer.byteLength(userId) <= 32 && /^[A-Za-z0-9_-]+$/.test(userId); // `+`: at least one byte
  }

  protected verifyTicket(userId: string, userSig: string): TicketVerdict {
    return verifyTicket(userSig, { sdkAppId: this.sdkAppId, key: this.#key, userId, nowSeconds: Math.floor(this.clock.now() / 1000) });
  }

  /** Asked after every login attempt with its answer code: signup happens only on success. */
  protected shouldCreateAccount(_userId: string, code: number): boolean {
    return code === CODES.ok;
  }

  /** Asked after every login attempt with its answer code: a user is daily active only after a successful login. */
  protected shouldCountActive(_userId: string, code: number): boolean {
    return code === CODES.ok;
  }

  /** The console's upper bound for a platform's maximum instances. */
  protected maxInstancesAllowed(platform: Platform): number {
    return maxInstancesBound(platform);
  }

  /**
   * The sessions a new one replaces. Its own connection's previous session ends silently (the
   * same device); of the user's other sessions, connected or dropped, those the policy and the
   * per-platform maximum do not allow beside it are kicked (policy.ts: newest wins).
   */
  protected admit(candidate: Session): Session[] {
    const own = this.sessions.filter((s) => s.connection === candidate.connection);
    const others = this.sessions.filter((s) => s.userId === candidate.userId && !own.includes(s));
    return [...own, ...admission(others, candidate, { policy: this.policy, maxInstances: this.maxInstances })];
  }

  /**
   * A client back on a new connection carries on with its session, without a login. It is the
   * same device coming back: it kicks nothing and nothing kicks it. A session ended meanwhile is
   * refused: 70001 if its ticket ran out, 6208 otherwise (kicked, or unknown).
   */
  protected resume(connection: Connection, request: ResumeRequest): Answer {
    if (request.session === undefined) {
      // The instance holds no session (it logged out, or never heard its login's answer):
      // whatever the server kept for it is stale, and ends without a word.
      for (const stale of this.sessions.filter((s) => s.instanceId === request.instanceId)) this.endSession(stale, 'replaced');
      return OK;
    }
    const session = this.#everySession.get(request.session);
    if (!session || session.token !== request.token || session.instanceId !== request.instanceId) {
      return { code: CODES.kickedOffline, desc: 'no such session' };
    }
    if (session.ended === 'expired') return { code: CODES.sigExpired, desc: 'the ticket expired while the connection was down' };
    if (session.ended) return { code: CODES.kickedOffline, desc: `the session ended while the connection was down (${session.ended})` };
    if (!this.ticketValidOnResume(session)) {
      this.endSession(session, 'expired');
      return { code: CODES.sigExpired, desc: 'the ticket expired while the connection was down' };
    }
    if (session.connection.session === session) session.connection.session = undefined;
    session.connection = connection;
    connection.session = session;
    return OK;
  }

  /** A resume re-checks the session's ticket: one that ran out while away is not resumed. */
  protected ticketValidOnResume(session: Session): boolean {
    return this.clock.now() < session.expiresAtMs;
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

  /** Another login took this session's place, or an admin kicked it: tell its client (if connected). */
  protected kick(session: Session): void {
    session.connection.send({ type: 'kicked', session: session.id });
    this.endSession(session, 'kicked');
  }

  /** The server-side kick: every session of the user, connected or dropped. */
  protected adminKick(userId: string): void {
    for (const session of this.sessions.filter((s) => s.userId === userId)) this.kick(session);
  }

  /** The session's ticket ran out while online (or while dropped: the client learns on resume). */
  protected expire(session: Session): void {
    session.connection.send({ type: 'sigExpired', session: session.id });
    this.endSession(session, 'expired');
  }

  // ---- The machinery. ----

  protected endSession(session: Session, reason: EndReason): void {
    session.cancelExpiry();
    session.ended ??= reason;
    this.sessions = this.sessions.filter((s) => s !== session);
    if (session.connection.session === session) session.connection.session = undefined;
  }

  #today(): number {
    return Math.floor(this.clock.now() / DAY_MS);
  }

  #login(connection: Connection, request: Extract<ClientMessage, { type: 'login' }>): { answer: Answer; session?: Session } {
    const { userId, userSig, platform, instanceId } = request;
    const verdict: TicketVerdict | undefined = this.validateUserId(userId) ? this.verifyTicket(userId, userSig) : undefined;
    const code = !verdict ? CODES.invalidUserId : verdict.ok ? CODES.ok : TICKET_REFUSAL_CODES[verdict.reason];
    if (this.shouldCreateAccount(userId, code)) this.accounts.add(userId);
    if (this.shouldCountActive(userId, code)) {
      const today = this.#today();
      if (!this.#activeByDay.has(today)) this.#activeByDay.set(today, new Set());
      this.#activeByDay.get(today)?.add(userId);
    }
    if (!verdict) return { answer: { code, desc: 'invalid user ID' } };
    if (!verdict.ok) return { answer: { code, desc: `ticket ${verdict.reason}` } };

    const session: Session = {
      id: this.#nextSessionId++,
      token: randomBytes(16).toString('hex'),
      userId,
      platform,
      instanceId,
      connection,
      expiresAtMs: verdict.expiresAtSeconds * 1000,
      cancelExpiry: () => {},
      ended: undefined,
    };
    for (const old of this.admit(session)) {
      if (old.connection === connection) this.endSession(old, 'replaced');
      else this.kick(old);
    }
    this.sessions.push(session);
    this.#everySession.set(session.id, session);
    connection.session = session;
    session.cancelExpiry = this.clock.setTimer(session.expiresAtMs, () => {
      if (this.sessions.includes(session)) this.expire(session);
    });
    return { answer: OK, session };
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
        connection.send({ type: 'reply', id: message.id, answer, ...(session ? { session: session.id, token: session.token } : {}) });
        return;
      }
      case 'resume':
        connection.send({ type: 'reply', id: message.id, answer: this.resume(connection, message) });
        return;
      case 'logout':
        if (connection.session) this.endSession(connection.session, 'logout');
        connection.send({ type: 'reply', id: message.id, answer: OK });
        return;
      case 'call':
        connection.send({ type: 'reply', id: message.id, answer: this.handleCall(connection.session, message.api, message.args) });
        return;
      case 'ping':
        connection.send({ type: 'pong', id: message.id });
        return;
    }
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const connection: Connection = {
      session: undefined,
      open: true,
      // A push to a lost connection is lost: the client learns what happened when it resumes.
      send: (message) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      },
    };
    let closed: () => void = () => {};
    this.#closedBySocket.set(request.socket, new Promise<void>((resolve) => (closed = resolve)));
    socket.on('message', (data) => this.#receive(connection, data));
    socket.on('error', () => {}); // a 'close' follows; without a listener 'error' would throw
    // A lost connection leaves its session dropped but resumable: it still counts as online.
    socket.on('close', () => {
      connection.open = false;
      closed();
    });
  }
}
