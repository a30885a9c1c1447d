// The reference client SDK: the documented login API over one WebSocket to the server.
// State changes happen synchronously when a reply or push is read, before the next one,
// so the client's view follows the server's order exactly.
import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import { GatedApi, type Answer, type Client, type ClientEvent, type ClientOptions, type LoginStatus, type Platform } from '../contract.ts';
import { CODES } from './codes.ts';
import { ServerMessage, type ClientMessage, type Push, type Reply } from './protocol.ts';

type Outgoing = ClientMessage extends infer M ? (M extends ClientMessage ? Omit<M, 'id'> : never) : never;

/** What a login call does, given the state it finds (see planLogin). */
export type LoginPlan = 'fresh' | 'join' | 'busy' | 'already' | 'switch';

interface PendingLogin {
  userId: string;
  answer: Promise<Answer>;
}

const OK: Answer = { code: CODES.ok };
const NOT_INITIALIZED: Answer = { code: CODES.notInitialized, desc: 'call init first' };

export class ReferenceClient implements Client {
  /** Sent with every login: which SDK instance (device) this is. */
  readonly instanceId = randomUUID();
  readonly platform: Platform;
  readonly #url: string;
  readonly #onEvent: (event: unknown) => void;

  protected initialized = false;
  protected status: LoginStatus = 'logged-out';
  /** Set only while logged in. */
  protected user = '';
  /** The server's ID of our session, to recognise pushes about it. */
  protected session: number | undefined;
  protected pendingLogin: PendingLogin | undefined;

  #socket: WebSocket | undefined;
  #opening: Promise<Answer> | undefined;
  #closing: Promise<void> | undefined;
  #nextId = 1;
  #waiting = new Map<number, (reply: Reply) => void>();
  #inflight = new Set<Promise<unknown>>();

  constructor(url: string, options: ClientOptions) {
    this.#url = url;
    this.platform = options.platform;
    this.#onEvent = options.onEvent;
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
    return { code: CODES.ok, data: this.status === 'logged-in' ? this.user : '' };
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
    return this.#track(this.#request(args === undefined ? { type: 'call', api } : { type: 'call', api, args }));
  }

  // ---- For the harness. ----

  /** Resolves once every call the app started on this client has answered. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /** A round trip: afterwards every push the server sent before it has been handled. */
  async ping(): Promise<void> {
    if (this.#socket?.readyState === WebSocket.OPEN) await this.#request({ type: 'ping' });
  }

  /** Drops the connection at once (harness stop); the client answers 6013 afterwards. */
  dispose(): void {
    this.initialized = false;
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

  protected leaveSession(): void {
    this.status = 'logged-out';
    this.user = '';
    this.session = undefined;
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
    this.emit({ kind: 'connecting' });
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.on('message', (data) => this.#receive(data));
    socket.on('error', () => {}); // a 'close' follows
    socket.on('close', () => this.#closed(socket));
    this.#opening = new Promise((resolve) => {
      const opened = () => {
        socket.off('close', failed);
        this.emit({ kind: 'connectSuccess' });
        resolve(OK);
      };
      // Initialized all the same, like the native SDKs: calls needing the server answer 6200.
      const failed = () => {
        socket.off('open', opened);
        this.emit({ kind: 'connectFailed', code: CODES.noNetOnRequest });
        resolve(OK);
      };
      socket.once('open', opened);
      socket.once('close', failed);
    });
    return this.#opening;
  }

  #unInit(): Promise<Answer> {
    if (!this.initialized) return Promise.resolve(OK);
    this.initialized = false; // from now on every call answers 6013
    const closing = (async () => {
      await this.#opening;
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
      case 'fresh':
        break;
    }
    // Synchronously, before any I/O: status is "logging in" as soon as login is called.
    this.status = 'logging-in';
    this.user = '';
    this.session = undefined;
    let resolveAnswer: (answer: Answer) => void = () => {};
    const attempt: PendingLogin = { userId, answer: new Promise((resolve) => (resolveAnswer = resolve)) };
    this.pendingLogin = attempt;
    void this.#request({ type: 'login', userId, userSig, platform: this.platform, instanceId: this.instanceId }, (reply) => {
      if (this.pendingLogin !== attempt) return; // logged out or uninitialized meanwhile
      this.pendingLogin = undefined;
      if (reply.answer.code === CODES.ok && reply.session !== undefined) {
        this.status = 'logged-in';
        this.user = userId;
        this.session = reply.session;
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
    return this.#request({ type: 'logout' });
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
      this.#waiting.set(id, (reply) => {
        onReply?.(reply);
        resolve(reply.answer);
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
        const settle = this.#waiting.get(message.id);
        this.#waiting.delete(message.id);
        settle?.(message.type === 'reply' ? { answer: message.answer, session: message.session } : { answer: OK });
        return;
      }
      default:
        this.onPush(message);
    }
  }

  /** The connection ended: every request still waiting gets its answer now. */
  #closed(socket: WebSocket): void {
    if (this.#socket === socket) this.#socket = undefined;
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const settle of waiting) settle({ answer: { code: CODES.noNetOnResponse, desc: 'connection closed' } });
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inflight.add(promise);
    const done = () => this.#inflight.delete(promise);
    promise.then(done, done);
    return promise;
  }
}
