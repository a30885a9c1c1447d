// The reference client SDK: the documented login API over one WebSocket to the server.
// State changes happen synchronously when a reply or push is read, before the next one,
// so the client's view follows the server's order exactly.
//
// Reconnect: when the connection ends while initialised, the client reconnects by itself after
// a backoff of 1 s, 2 s, 4 s ... capped at RECONNECT_MAX_BACKOFF_MS, timed by the virtual clock
// (never a real timer), each attempt emitting connecting then connectSuccess or connectFailed.
// A logged-in client resumes its session on the new connection without a login call: status
// and login user do not change. A spec gets a dropped client back with
//   await harness.network.restore(client); await harness.clock.advance(RECONNECT_MAX_BACKOFF_MS); await harness.settle();
// (the next attempt is never more than RECONNECT_MAX_BACKOFF_MS away, and settle waits for it).
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { GatedApi, type Answer, type Client, type ClientEvent, type ClientOptions, type LoginStatus, type Platform } from '../contract.ts';
import type { VirtualClock } from './clock.ts';
import { CODES } from './codes.ts';
import { ServerMessage, type ClientMessage, type Push, type Reply } from './protocol.ts';

export const RECONNECT_INITIAL_BACKOFF_MS = 1_000;
export const RECONNECT_MAX_BACKOFF_MS = 30_000;

/** The wait before the next attempt after `failures` failed ones in a row: 1 s, 2 s, 4 s ... 30 s. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(RECONNECT_INITIAL_BACKOFF_MS * 2 ** failures, RECONNECT_MAX_BACKOFF_MS);
}

/** The clock the client's timers run on (the harness's virtual clock). */
export type Timers = Pick<VirtualClock, 'now' | 'setTimer'>;

type Outgoing = ClientMessage extends infer M ? (M extends ClientMessage ? Omit<M, 'id'> : never) : never;

/** What a login call does, given the state it finds (see planLogin). */
export type LoginPlan = 'fresh' | 'join' | 'busy' | 'already' | 'switch';

interface PendingLogin {
  userId: string;
  answer: Promise<Answer>;
}

const OK: Answer = { code: CODES.ok };
const NOT_INITIALIZED: Answer = { code: CODES.notInitialized, desc: 'call init first' };

/** Where the client connects: a ws:// URL, or a function that opens a new connection to the server (in memory, say). */
export type ServerLink = string | (() => Duplex);

export class ReferenceClient implements Client {
  /** Sent with every login: which SDK instance (device) this is. */
  readonly instanceId = randomUUID();
  readonly platform: Platform;
  readonly #server: ServerLink;
  readonly #onEvent: (event: unknown) => void;
  readonly #timers: Timers;

  protected initialized = false;
  protected status: LoginStatus = 'logged-out';
  /** Set only while logged in. */
  protected user = '';
  /** The server's ID of our session, to recognise pushes about it. */
  protected session: number | undefined;
  protected pendingLogin: PendingLogin | undefined;

  /** The secret that resumes our session on a new connection. */
  #token: string | undefined;
  #socket: WebSocket | undefined;
  #socketClosed = new WeakMap<WebSocket, Promise<void>>();
  #opening: Promise<Answer> | undefined;
  #closing: Promise<void> | undefined;
  /** Cancels the reconnect scheduled on the clock, if any. */
  #retry: (() => void) | undefined;
  #failures = 0;
  /** A reconnect in flight: the attempt, then the resume. */
  #reconnecting: Promise<void> | undefined;
  #nextId = 1;
  #waiting = new Map<number, { socket: WebSocket; settle: (reply: Reply) => void }>();
  #inflight = new Set<Promise<unknown>>();

  constructor(server: ServerLink, options: ClientOptions, timers: Timers) {
    this.#server = server;
    this.platform = options.platform;
    this.#onEvent = options.onEvent;
    this.#timers = timers;
  }

  // ---- The documented API. ----

  init(): Promise<Answer> {
    return this.#track(this.#init());
  }

  unInit(): Promise<Answer> {
    return this.#track(this.#unInit());
  }

  login(userId: string, userSig: string): Promise<Answer> {
    return this.#track(this.#login(userId, userSig));
  }

  logout(): Promise<Answer> {
    if (!this.initialized) return Promise.resolve(NOT_INITIALIZED);
    return this.#track(this.#logout());
  }

  async getLoginUser(): Promise<Answer> {
    if (!this.initialized) return NOT_INITIALIZED;
    return { code: CODES.ok, data: this.user };
  }

  async getLoginStatus(): Promise<Answer> {
    if (!this.initialized) return NOT_INITIALIZED;
    return { code: CODES.ok, data: this.status };
  }

  /** Answered from local state: conversations are the one thing usable while logging in. */
  async getConversationList(): Promise<Answer> {
    if (!this.initialized) return NOT_INITIALIZED;
    if (!this.canCall('getConversationList')) return { code: CODES.notLoggedIn, desc: 'call login first' };
    return { code: CODES.ok, data: [] };
  }

  callGated(api: GatedApi, args?: Record<string, unknown>): Promise<Answer> {
    if (!this.initialized) return Promise.resolve(NOT_INITIALIZED);
    if (!GatedApi.safeParse(api).success) return Promise.resolve({ code: CODES.invalidParameters, desc: `unknown API ${String(api)}` });
    // Refused locally, without a word to the server.
    if (!this.canCall(api)) return Promise.resolve({ code: CODES.notLoggedIn, desc: `${api} needs a successful login` });
    return this.#track(this.#request({ type: 'call', api, args })); // undefined args are not sent
  }

  // ---- For the harness. ----

  /** Resolves once every call the app started, and every reconnect the clock started, has finished. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /** A round trip: afterwards every push the server sent before it has been handled. */
  async ping(): Promise<void> {
    if (this.#socket?.readyState === WebSocket.OPEN) await this.#request({ type: 'ping' });
  }

  /**
   * After the link was cut: resolves once the client has seen its connection end and any
   * attempt in flight has failed (a barrier for network faults; it never waits for the clock).
   */
  async whenDisconnected(): Promise<void> {
    for (;;) {
      const socket = this.#socket;
      if (socket) await this.#socketClosed.get(socket);
      else if (this.#reconnecting) await this.#reconnecting;
      else return;
    }
  }

  /** Drops the connection at once (harness stop); the client answers 6013 afterwards. */
  dispose(): void {
    this.initialized = false;
    this.#cancelRetry();
    this.#socket?.terminate();
  }

  // ---- Seams: the decisions a deliberately broken variant overrides. ----

  /** Gating: conversations once login has been called, everything else once it succeeded. */
  protected canCall(api: GatedApi | 'getConversationList'): boolean {
    return api === 'getConversationList' ? this.status !== 'logged-out' : this.status === 'logged-in';
  }

  protected planLogin(userId: string): LoginPlan {
    if (this.pendingLogin) return this.pendingLogin.userId === userId ? 'join' : 'busy';
    if (this.status === 'logged-in') return this.user === userId ? 'already' : 'switch';
    return 'fresh';
  }

  /** A push about our current session; one about a session we already left is dropped. */
  protected onPush(push: Push): void {
    if (push.session !== this.session) return;
    switch (push.type) {
      case 'kicked':
        this.leaveSession();
        this.emit({ kind: 'kickedOffline' });
        return;
      case 'sigExpired':
        this.leaveSession();
        this.emit({ kind: 'userSigExpired' });
        return;
      case 'message':
        this.emit({ kind: 'messageReceived', from: push.from, text: push.text });
        return;
    }
  }

  /**
   * The server's answer to resuming our session after a lost connection. Refused: the session
   * ended while we were away, told the way it would have been told online.
   */
  protected onResumed(answer: Answer): void {
    if (answer.code === CODES.ok) return;
    // Lost again before the answer: the next reconnect tries again.
    if (answer.code === CODES.noNetOnRequest || answer.code === CODES.noNetOnResponse) return;
    this.leaveSession();
    this.emit({ kind: answer.code === CODES.sigExpired ? 'userSigExpired' : 'kickedOffline' });
  }

  protected leaveSession(): void {
    this.status = 'logged-out';
    this.user = '';
    this.session = undefined;
    this.#token = undefined;
    this.pendingLogin = undefined;
  }

  protected emit(event: ClientEvent): void {
    try {
      this.#onEvent(event);
    } catch (error) {
      queueMicrotask(() => {
        throw error; // the listener's bug, reported, without breaking the read loop
      });
    }
  }

  // ---- The machinery. ----

  #init(): Promise<Answer> {
    if (this.#closing) return this.#closing.then(() => this.#init()); // an unInit still running finishes first
    if (this.#opening) return this.#opening;
    this.initialized = true;
    // Initialized all the same when the connection fails, like the native SDKs: calls needing
    // the server answer 6200 until a reconnect gets through.
    this.#opening = this.#connect().then((opened) => {
      if (!opened) this.#connectFailedAgain();
      return OK;
    });
    return this.#opening;
  }

  #unInit(): Promise<Answer> {
    if (!this.initialized) return Promise.resolve(OK);
    this.initialized = false; // from now on every call answers 6013
    this.#cancelRetry();
    const closing = (async () => {
      if (this.#socket?.readyState === WebSocket.CONNECTING) this.#socket.terminate(); // an attempt nobody needs now
      await this.#opening;
      await this.#reconnecting;
      await this.#logout();
      const socket = this.#socket;
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close();
        });
      }
      this.#opening = undefined;
      this.#closing = undefined;
      this.#failures = 0;
      this.leaveSession();
    })();
    this.#closing = closing;
    return closing.then(() => OK);
  }

  #login(userId: string, userSig: string): Promise<Answer> {
    if (!this.initialized) return Promise.resolve(NOT_INITIALIZED);
    const plan = this.planLogin(userId);
    switch (plan) {
      case 'join':
        if (this.pendingLogin) return this.pendingLogin.answer;
        break;
      case 'busy':
        return Promise.resolve({ code: CODES.loginInProgress, desc: `a login of ${this.pendingLogin?.userId ?? 'another user'} is running` });
      case 'already':
        return Promise.resolve(OK);
      case 'switch':
        // Account switch: the app need not log the old user out; we do, on the same ordered wire.
        void this.#request({ type: 'logout' });
        break;
    }
    // Synchronously, before any I/O: status is "logging in" as soon as login is called.
    this.status = 'logging-in';
    this.user = '';
    this.session = undefined;
    this.#token = undefined;
    let resolveAnswer: (answer: Answer) => void = () => {};
    const attempt: PendingLogin = { userId, answer: new Promise((resolve) => (resolveAnswer = resolve)) };
    this.pendingLogin = attempt;
    void this.#request({ type: 'login', userId, userSig, platform: this.platform, instanceId: this.instanceId }, (reply) => {
      if (this.pendingLogin !== attempt) return; // logged out or uninitialized meanwhile
      this.pendingLogin = undefined;
      if (reply.session !== undefined) { // sent exactly with a successful answer
        this.status = 'logged-in';
        this.user = userId;
        this.session = reply.session;
        this.#token = reply.token;
      } else {
        this.leaveSession();
      }
    }).then(resolveAnswer);
    return attempt.answer;
  }

  #logout(): Promise<Answer> {
    if (this.status === 'logged-out') return Promise.resolve(OK); // harmless
    // Local state first: no event or message of the old session reaches the app after this call.
    this.leaveSession();
    // Offline: logged out here and now; the server hears it on reconnect (a resume without a session).
    if (this.#socket?.readyState !== WebSocket.OPEN) return Promise.resolve(OK);
    return this.#request({ type: 'logout' });
  }

  /** One connection attempt: connecting, then connectSuccess or connectFailed. True once open. */
  #connect(): Promise<boolean> {
    this.emit({ kind: 'connecting' });
    const server = this.#server;
    // The Host header of an in-memory link names no real host.
    const socket = typeof server === 'string' ? new WebSocket(server) : new WebSocket('ws://reference.invalid/', { createConnection: server as never });
    this.#socket = socket;
    let wasOpen = false;
    this.#socketClosed.set(
      socket,
      new Promise((resolve) => {
        socket.on('close', () => {
          this.#closed(socket, wasOpen);
          resolve();
        });
      }),
    );
    socket.on('message', (data) => this.#receive(data));
    socket.on('error', () => {}); // a 'close' follows
    return new Promise((resolve) => {
      const opened = () => {
        socket.off('close', failed);
        wasOpen = true;
        this.emit({ kind: 'connectSuccess' });
        resolve(true);
      };
      const failed = () => {
        socket.off('open', opened);
        if (this.initialized) this.emit({ kind: 'connectFailed', code: CODES.noNetOnRequest });
        resolve(false);
      };
      socket.once('open', opened);
      socket.once('close', failed);
    });
  }

  /** The clock's turn: one reconnect attempt, then the resume of our session. */
  async #reconnect(): Promise<void> {
    if (!this.initialized) return;
    if (await this.#connect()) {
      this.#failures = 0;
      await this.#resume();
    } else {
      this.#connectFailedAgain();
    }
  }

  /** On a new connection: carry on with our session, or tell the server we hold none. */
  async #resume(): Promise<void> {
    const session = this.session; // set only while logged in
    const token = this.#token;
    const answer = await this.#request(
      session !== undefined && token !== undefined ? { type: 'resume', instanceId: this.instanceId, session, token } : { type: 'resume', instanceId: this.instanceId },
    );
    if (session === undefined || this.session !== session) return; // logged out or in again meanwhile
    this.onResumed(answer);
  }

  #connectFailedAgain(): void {
    this.#failures += 1;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (!this.initialized || this.#retry) return;
    const cancel = this.#timers.setTimer(this.#timers.now() + reconnectDelayMs(this.#failures), () => {
      this.#retry = undefined;
      // Tracked from the moment the clock starts it, so settle() waits for it.
      const reconnecting = this.#reconnect().finally(() => {
        if (this.#reconnecting === reconnecting) this.#reconnecting = undefined;
      });
      this.#reconnecting = reconnecting;
      void this.#track(reconnecting);
    });
    this.#retry = cancel;
  }

  #cancelRetry(): void {
    this.#retry?.();
    this.#retry = undefined;
  }

  /** Sends one request; `onReply` runs as the reply is read, before any later message. */
  #request(message: Outgoing, onReply?: (reply: Reply) => void): Promise<Answer> {
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN) {
      const reply: Reply = { answer: { code: CODES.noNetOnRequest, desc: 'not connected' } };
      onReply?.(reply);
      return Promise.resolve(reply.answer);
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, {
        socket,
        settle: (reply) => {
          onReply?.(reply);
          resolve(reply.answer);
        },
      });
      socket.send(JSON.stringify({ ...message, id }));
    });
  }

  #receive(data: RawData): void {
    let parsed: ReturnType<typeof ServerMessage.safeParse>;
    try {
      parsed = ServerMessage.safeParse(JSON.parse(String(data)));
    } catch {
      return;
    }
    if (!parsed.success) return; // a server bug; nothing sensible to do with it
    const message = parsed.data;
    switch (message.type) {
      case 'reply':
      case 'pong': {
        const waiting = this.#waiting.get(message.id);
        this.#waiting.delete(message.id);
        waiting?.settle(message.type === 'reply' ? { answer: message.answer, session: message.session, token: message.token } : { answer: OK });
        return;
      }
      default:
        this.onPush(message);
    }
  }

  /**
   * A connection ended: every request still waiting on it gets its answer now, and if it had
   * been open while we are initialised, the reconnect is scheduled (a failed attempt schedules
   * its own). The session stays: it is resumed on the next connection.
   */
  #closed(socket: WebSocket, wasOpen: boolean): void {
    if (this.#socket === socket) this.#socket = undefined;
    for (const [id, waiting] of [...this.#waiting]) {
      if (waiting.socket !== socket) continue;
      this.#waiting.delete(id);
      waiting.settle({ answer: { code: CODES.noNetOnResponse, desc: 'connection closed' } });
    }
    if (wasOpen) {
      this.#failures = 0;
      this.#scheduleReconnect();
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inflight.add(promise);
    const done = () => this.#inflight.delete(promise);
    promise.then(done, done);
    return promise;
  }
}
