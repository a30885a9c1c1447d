// A typed test double of the official web SDK (@tencentcloud/chat 3.6.6), for offline runs: its
// login state machine as the package's bundle implements it, over a contract Client that stands in
// for Tencent's service (offline.ts passes the reference client, talking to the reference server).
// It implements ChatApi, the package's own method signatures, so `tsc` fails if it drifts from
// index.d.ts. It reproduces the web SDK, including where it departs from the login documentation:
//  - create() connects at once; NET_STATE_CHANGE reports changes only, from a first state of
//    'connected', so a first connection that succeeds reports nothing (one that fails: disconnected);
//  - login checks its parameters first: an empty userID or userSig throws, synchronously and with
//    no code, Error('Params validate failed.'), and no login starts;
//  - login while logged in, as anyone, resolves with repeatLogin: true and changes nothing;
//  - login while another login runs rejects 2025; the SDK checks no user ID but for emptiness;
//  - a successful login makes the SDK ready: SDK_READY, then the login resolves;
//  - every call but login, logout, getLoginUser, isReady, destroy, on and joinGroup needs
//    readiness (getConversationList too) and rejects before it with the reason the SDK is not
//    ready: 2024 never logged in, 3000 logging in, 3001 login failed, 3003 / 3002 / 3006 kicked by
//    another web instance / another device / the REST API, 3004 UserSig expired, 3005 logged out;
//    each such refusal is also emitted at once as an ERROR event { code, message };
//    createTextMessage then returns a rejected promise where its declarations promise a Message;
//  - logout without a login rejects 2024, and so does destroy(), which logs out first (it releases
//    the instance all the same, then emits SDK_DESTROY);
//  - a kick or an expiry online: KICKED_OUT { type }, then SDK_NOT_READY;
//  - joinGroup before login rejects 2662 (the double knows no audio-video room to join anonymously).
// Not reproduced: a login hung for 15 s no longer blocking the next; reconnection.
//
// Measured, not only asserted: selftest/tencent/double-fidelity.test.ts runs one script on the real
// package (offline, its WebSocket failing every connection) and on this double (over a service
// that never answers), and fails on each step where their observations differ: outcome
// (returned, threw, resolved, rejected, pending) and code, the events emitted, getLoginUser and
// isReady, before login, while a login is pending, for login's parameter checks and at destroy.
// Offline the package cannot show anything that needs Tencent's service, so the rest of this model
// is the bundle read, not measured: a login that succeeds or is refused (and repeatLogin after
// one), SDK_READY, the not-ready reasons 3001-3006, kicks and expiry, multi-instance policies,
// reconnection and network events after the first connection, joinGroup, messages.
import type { Message } from '@tencentcloud/chat';
import { ClientEvent, type Answer, type Client } from '../contract.ts';
import { WEB_SDK, webSdkCodeName } from './codes.ts';
import { CONV_C2C, EVENT, PARAMS_VALIDATE_FAILED, SDK_DESTROY, TYPES, type ChatApi, type ChatFactory, type ChatTypes, type CreateOptions, type KickType, type NetState } from './sdk-api.ts';

/** Connects one SDK instance to the service; the service's events for it go to `onEvent`. */
export type Connect = (onEvent: (event: unknown) => void) => Promise<Client>;

/** A stand-in for the package's default export: `createChatDouble(connect).create({ SDKAppID })`. */
export function createChatDouble(connect: Connect) {
  return { create: (options: CreateOptions) => new ChatDouble(options, connect) } satisfies ChatFactory;
}

/** What the SDK rejects with: an Error carrying the code. */
export class ChatError extends Error {
  readonly data = {};
  constructor(
    readonly code: number,
    message = webSdkCodeName(code) ?? `error ${code}`,
  ) {
    super(message);
  }
}

/** The not-ready reason a kick of each type leaves behind. */
const NOT_READY_AFTER_KICK: Record<KickType, number> = {
  [TYPES.KICKED_OUT_MULT_ACCOUNT]: WEB_SDK.KICKED_OUT_MULT_ACCOUNT,
  [TYPES.KICKED_OUT_MULT_DEVICE]: WEB_SDK.KICKED_OUT_MULT_DEVICE,
  [TYPES.KICKED_OUT_REST_API]: WEB_SDK.KICKED_OUT_REST_API,
  [TYPES.KICKED_OUT_USERSIG_EXPIRED]: WEB_SDK.KICKED_OUT_USERSIG_EXPIRED,
};

type Handler = (event: { name: string; data?: unknown }) => void;
type LoginOptions = Parameters<ChatApi['login']>[0];

export class ChatDouble implements ChatApi {
  readonly #service: Promise<Client>;
  readonly #listeners: { name: string; handler: Handler }[] = [];
  #destroyed = false;
  /** The SDK's isLoggedIn: from the login's success to logout or a kick. */
  #loggedIn = false;
  #user = '';
  #ready = false;
  /** A login call is waiting for the server. */
  #loginRunning = false;
  /** A login has started and not yet failed or been reset; while it holds, the reason stays put. */
  #loginStarted = false;
  /** The code a call that needs readiness rejects with. */
  #reason: number = WEB_SDK.USER_NOT_LOGGED_IN;
  #netState: NetState = TYPES.NET_STATE_CONNECTED;
  /** The connection create() makes has not been made yet: its attempt is not reported. */
  #firstAttempt = true;
  #nextKick: KickType = TYPES.KICKED_OUT_MULT_ACCOUNT;
  /** A kick or expiry the service reported before the login answer reached this instance. */
  #endedEarly: [KickType, number] | undefined;
  #sent = 0;

  constructor(
    readonly options: CreateOptions,
    connect: Connect,
  ) {
    this.#service = connect((event) => this.#fromService(event)).then(async (service) => {
      await service.init();
      return service;
    });
    this.#service.catch(() => {}); // a deployment stopped meanwhile: the calls that await it say so
  }

  /**
   * The service tells a kicked instance why; the reference server does not, so the deployment
   * says it here before a server-side kick (all the double's instances are web: a kick by a login
   * is by another web instance of the account, multipleAccount).
   */
  nextKickIs(type: KickType): void {
    this.#nextKick = type;
  }

  /** Resolves once the connection create() started has been made (or has failed): a barrier for settle. */
  async connection(): Promise<void> {
    await this.#service.catch(() => undefined);
  }

  on(eventName: string, handler: Function): void {
    this.#listeners.push({ name: eventName, handler: handler as Handler });
  }

  login(options: LoginOptions) {
    // The SDK checks the parameters first, whatever its state, and throws: no code, no promise.
    if (options.userID === '' || options.userSig === '') throw new Error(PARAMS_VALIDATE_FAILED);
    return this.#login(options);
  }

  async #login(options: LoginOptions) {
    this.#alive();
    // Every login marks the SDK as logging in, unless a started one is still in place.
    if (!this.#loginStarted) {
      this.#loginStarted = true;
      this.#reason = WEB_SDK.LOGGING_IN;
    }
    if (this.#loggedIn) {
      const errorInfo = `${this.#user} is logged in already: the login of ${options.userID} was ignored`;
      return { code: 0, data: { actionStatus: 'OK', errorCode: 0, errorInfo, repeatLogin: true } };
    }
    if (this.#loginRunning) throw new ChatError(WEB_SDK.REPEAT_LOGIN);
    this.#loginRunning = true;
    let answer: Answer;
    try {
      answer = await (await this.#service).login(options.userID, options.userSig);
    } finally {
      this.#loginRunning = false;
    }
    if (answer.code !== 0) {
      this.#endedEarly = undefined;
      this.#reason = WEB_SDK.LOGIN_FAILED;
      this.#loginStarted = false;
      throw new ChatError(answer.code, answer.desc); // the server's code, passed through
    }
    this.#loggedIn = true;
    this.#user = options.userID;
    this.#ready = true;
    this.#emit(EVENT.SDK_READY);
    const ended = this.#endedEarly;
    this.#endedEarly = undefined;
    if (ended) this.#kickedOut(...ended);
    return { code: 0, data: {} };
  }

  async logout(): Promise<void> {
    this.#alive();
    return this.#logout();
  }

  async #logout(): Promise<void> {
    if (!this.#loggedIn) throw new ChatError(WEB_SDK.USER_NOT_LOGGED_IN);
    this.#reason = WEB_SDK.LOGGED_OUT;
    await (await this.#service).logout(); // the SDK resets whatever the server answers
    this.#reset();
  }

  getLoginUser(): string {
    return this.#loggedIn ? this.#user : '';
  }

  isReady(): boolean {
    return this.#ready;
  }

  /**
   * Logs out, then disconnects and releases the instance whatever logout answered, and answers what
   * logout answered: it rejects 2024 when nobody is logged in, as the SDK's does.
   */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    try {
      await this.#logout();
    } finally {
      const service = await this.#service.catch(() => undefined);
      await service?.unInit();
      this.#emit(SDK_DESTROY, { SDKAppID: this.options.SDKAppID });
    }
  }

  async getConversationList() {
    return this.#readyCall('getConversationList', (s) => s.getConversationList(), { conversationList: [] });
  }

  async getUserProfile(options: Parameters<ChatApi['getUserProfile']>[0]) {
    const profiles = options.userIDList.map((userID) => ({ userID, nick: '', avatar: '' }));
    return this.#readyCall('getUserProfile', (s) => s.callGated('getUsersInfo'), profiles);
  }

  async getFriendList() {
    return this.#readyCall('getFriendList', (s) => s.callGated('getFriendList'), []);
  }

  async updateMyProfile(options: Parameters<ChatApi['updateMyProfile']>[0]) {
    return this.#readyCall('updateMyProfile', (s) => s.callGated('setSelfInfo', { ...options }), { ...options });
  }

  /** Not gated on readiness: before login the SDK tries an anonymous join, which only an audio-video room allows. */
  async joinGroup(options: Parameters<ChatApi['joinGroup']>[0]) {
    this.#alive();
    if (!this.#loggedIn) throw new ChatError(WEB_SDK.CANNOT_JOIN_NON_AV_WITHOUT_LOGIN);
    return this.#readyCall('joinGroup', (s) => s.callGated('joinGroup'), { status: TYPES.JOIN_STATUS_SUCCESS, group: { groupID: options.groupID } });
  }

  async getGroupList() {
    return this.#readyCall('getGroupList', (s) => s.callGated('getGroupList'), { groupList: [] });
  }

  createTextMessage(options: Parameters<ChatApi['createTextMessage']>[0]): Message {
    // Before SDK_READY the SDK answers a rejected promise, where its declarations promise a Message.
    if (!this.#ready) return Promise.reject(this.#notReady('createTextMessage')) as unknown as Message;
    const payload = options.payload as { text?: unknown };
    return textMessage({ id: `${this.#user}-${++this.#sent}`, from: this.#user, to: options.to, text: String(payload.text ?? ''), flow: 'out' });
  }

  async sendMessage(message: Message) {
    const text = (message.payload as { text?: unknown }).text;
    return this.#readyCall('sendMessage', (s) => s.callGated('sendMessage', { to: message.to, text }), { message });
  }

  // ---- The machinery. ----

  /** A call that needs SDK_READY: rejected with the not-ready reason before, the server's code after. */
  async #readyCall<T>(api: string, call: (service: Client) => Promise<Answer>, data: T) {
    this.#alive();
    if (!this.#ready) throw this.#notReady(api);
    const answer = await call(await this.#service);
    if (answer.code !== 0) throw new ChatError(answer.code, answer.desc);
    return { code: 0, data };
  }

  /** The refusal of a call before SDK_READY, which the SDK also emits as an ERROR event, at once. */
  #notReady(api: string): ChatError {
    const error = new ChatError(this.#reason, `${webSdkCodeName(this.#reason)} | ${api} | SDK_IS_NOT_READY`);
    this.#emit(EVENT.ERROR, { code: error.code, message: error.message });
    return error;
  }

  #fromService(event: unknown): void {
    const parsed = ClientEvent.safeParse(event);
    if (!parsed.success) return; // the reference client's events are checked by its own tests
    const e = parsed.data;
    switch (e.kind) {
      case 'connecting':
        return this.#firstAttempt ? undefined : this.#netStateIs(TYPES.NET_STATE_CONNECTING);
      case 'connectSuccess':
        this.#firstAttempt = false;
        return this.#netStateIs(TYPES.NET_STATE_CONNECTED);
      case 'connectFailed':
        this.#firstAttempt = false;
        return this.#netStateIs(TYPES.NET_STATE_DISCONNECTED);
      case 'kickedOffline': {
        const type = this.#nextKick;
        this.#nextKick = TYPES.KICKED_OUT_MULT_ACCOUNT;
        return this.#kickedOut(type, NOT_READY_AFTER_KICK[type]);
      }
      case 'userSigExpired':
        return this.#kickedOut(TYPES.KICKED_OUT_USERSIG_EXPIRED, WEB_SDK.KICKED_OUT_USERSIG_EXPIRED);
      case 'messageReceived':
        return this.#emit(EVENT.MESSAGE_RECEIVED, [textMessage({ id: `${e.from}-in`, from: e.from, to: this.#user, text: e.text, flow: 'in' })]);
    }
  }

  #netStateIs(state: NetState): void {
    if (state === this.#netState) return;
    this.#netState = state;
    this.#emit(EVENT.NET_STATE_CHANGE, { state });
  }

  /** The app hears why first (KICKED_OUT), then the SDK resets (SDK_NOT_READY). */
  #kickedOut(type: KickType, reason: number): void {
    // The service answers a login, then may end that session at once; both can be read before the
    // login call resumes. The session is this login's (the service client had no other): end it
    // as soon as the login has taken effect.
    if (this.#loginRunning && !this.#loggedIn) this.#endedEarly = [type, reason];
    if (!this.#loggedIn) return;
    this.#emit(EVENT.KICKED_OUT, { type });
    this.#reason = reason;
    this.#reset();
  }

  #reset(): void {
    this.#loggedIn = false;
    this.#user = '';
    this.#ready = false;
    this.#loginStarted = false;
    this.#emit(EVENT.SDK_NOT_READY);
  }

  #emit(name: string, data?: unknown): void {
    for (const l of this.#listeners.filter((l) => l.name === name)) l.handler(data === undefined ? { name } : { name, data });
  }

  #alive(): void {
    if (this.#destroyed) throw new Error('the SDK instance was destroyed');
  }
}

/** A text message as the SDK hands it out; fields the adapter does not read are left empty. */
function textMessage({ id, from, to, text, flow }: { id: string; from: string; to: string; text: string; flow: 'in' | 'out' }): Message {
  return {
    ID: id,
    type: TYPES.MSG_TEXT as ChatTypes,
    payload: { text },
    conversationID: `C2C${flow === 'out' ? to : from}`,
    conversationType: CONV_C2C,
    to,
    from,
    flow,
    time: 0,
    status: 'success',
    isRevoked: false,
    priority: TYPES.MSG_PRIORITY_NORMAL as ChatTypes,
    nick: '',
    avatar: '',
    isPeerRead: false,
    nameCard: '',
    atUserList: [],
    cloudCustomData: '',
    isDeleted: false,
    isModified: false,
    needReadReceipt: false,
    readReceiptInfo: {},
    isBroadcastMessage: false,
    isSupportExtension: false,
    revoker: '',
    revokerInfo: { userID: '', nick: '', avatar: '' },
    revokeReason: '',
    sequence: 0,
    hasRiskContent: false,
  };
}
