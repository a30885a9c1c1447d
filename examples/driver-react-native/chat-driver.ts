// A driver for @tencentcloud/chat inside a React Native app (or any JavaScript runtime with a
// WebSocket): it dials in to the suite (`im-conformance run --driver-listen …`) and answers the
// driver protocol (docs/driver-protocol.md) by calling the SDK. Copy this file into the app; it
// needs nothing but the runtime's global WebSocket and the SDK. The mapping is the one the suite's
// own tencent adapter uses (adapters/tencent/sdk-adapter.ts), written out for the app.
//
//   import TencentCloudChat from '@tencentcloud/chat';
//   startChatDriver({
//     url: 'ws://127.0.0.1:8765',               // the suite's --driver-listen (adb reverse tcp:8765 tcp:8765)
//     sdk: { name: '@tencentcloud/chat', version: '3.6.6' },
//     deploy: async () => ({
//       createChat: () => TencentCloudChat.create({ SDKAppID }),
//       issueSig: (userId) => fetchUserSig(userId),   // your business server
//     }),
//   });
//
// It declares no capabilities: the server-side views (accounts, online state, kicks) belong to
// the REST API and its secret key, which stay out of an app. The rules that need them are
// reported not applicable; the rest run through the SDK as the app has it.
import type { ChatSDK } from '@tencentcloud/chat';

/** The SDK methods the driver calls, with the package's own signatures (index.d.ts). */
export type Chat = Pick<
  ChatSDK,
  'login' | 'logout' | 'getLoginUser' | 'isReady' | 'destroy' | 'on' | 'getConversationList' | 'getUserProfile' | 'getFriendList' | 'updateMyProfile' | 'getGroupList'
>;

/** One deployment, for one harness.start: where SDK instances and tickets come from. */
export interface Deployment {
  createChat(): Chat | Promise<Chat>;
  /** The customer's business server: a ticket (UserSig) for the user. */
  issueSig(userId: string, options: { ttlSeconds?: number; signWith?: string }): Promise<string>;
  /** After every call in flight has answered: deliver what the service sent before now (default: nothing more). */
  settle?(chats: Chat[]): Promise<void>;
  stop?(): Promise<void>;
}

export interface ChatDriverOptions {
  /** The suite's dial-in URL (its --driver-listen). */
  url: string;
  /** The SDK under test, as the report names it. */
  sdk: { name: string; version: string };
  deploy(): Promise<Deployment>;
  /** The WebSocket class; the runtime's global one by default. */
  WebSocket?: new (url: string) => DriverSocket;
}

/** The part of a WebSocket the driver uses (the browser and React Native API; `ws` has it too). */
export interface DriverSocket {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close' | 'error', listener: () => void): void;
  send(text: string): void;
  close(): void;
}

type Answer = { code: number; desc?: string; data?: unknown };
type Params = Record<string, unknown>;
type Event = { kind: string; from?: string; text?: string };

const DRIVER = { name: 'im-conformance-driver-react-native', version: '0.1.0' };
const PROTOCOL = 1;
const ERRORS = { methodNotFound: -32601, sdkThrew: -32000, protocolMismatch: -32001, handshakeFirst: -32002, unknownId: -32003 };
// The SDK's own codes and what they mean to the suite (adapters/tencent/codes.ts has each one's story).
const CODES: Record<number, string> = {
  2000: 'invalid-parameters', 2001: 'invalid-parameters', 2002: 'invalid-user-id', 2003: 'sig-empty', 2024: 'not-logged-in',
  2025: 'login-in-progress', 2662: 'not-logged-in', 2999: 'not-logged-in', 3000: 'login-in-progress', 3001: 'not-logged-in',
  3002: 'not-logged-in', 3003: 'not-logged-in', 3004: 'not-logged-in', 3005: 'not-logged-in', 3006: 'not-logged-in', 20002: 'sig-expired',
};
const OK: Answer = { code: 0 };
const NO_INSTANCE: Answer = { code: 6013, desc: 'no SDK instance: init was not called, or unInit was' };

class RpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * An SDK promise as an answer: resolved is ok (or what `onResult` reads), rejected is its code.
 * The SDK checks a call's arguments first and throws "Params validate failed." (no code) for an
 * empty userID or userSig: that is an invalid parameter, 6017.
 */
async function answerOf(call: () => Promise<unknown>, onResult: (value: unknown) => Answer = () => OK): Promise<Answer> {
  let value: unknown;
  try {
    value = await call();
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    const desc = (error as { message?: unknown })?.message;
    if (typeof code !== 'number' && desc === 'Params validate failed.') return { code: 6017, desc };
    if (typeof code !== 'number') throw error; // not the SDK's error: the suite shows it as "the SDK threw"
    return typeof desc === 'string' && desc ? { code, desc } : { code };
  }
  return onResult(value);
}

/** One SDK instance behind a protocol client. */
class DriverClient {
  chat: Chat | undefined;
  private inflight = new Set<Promise<unknown>>();
  constructor(
    private readonly deployment: Deployment,
    private readonly emit: (event: Event) => void,
  ) {}

  track(work: Promise<Answer>): Promise<Answer> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Calls the SDK at once (before any await), so requests reach it in the order they arrived. */
  call(invoke: (chat: Chat) => Promise<unknown>, onResult?: (value: unknown) => Answer): Promise<Answer> {
    const chat = this.chat;
    return this.track(chat ? answerOf(() => invoke(chat), onResult) : Promise.resolve(NO_INSTANCE));
  }

  async init(): Promise<Answer> {
    if (this.chat) return OK;
    const chat = await this.deployment.createChat();
    this.chat = chat;
    const on = (name: string, map: (data: any) => Event[]) => chat.on(name, (event: { data?: unknown }) => this.chat === chat && map(event?.data).forEach(this.emit));
    on('kickedOut', (data) => [{ kind: data?.type === 'userSigExpired' ? 'userSigExpired' : 'kickedOffline' }]);
    // The SDK reports changes only, from 'connected': an attempt is the one it reported.
    let attempting = false;
    on('netStateChange', (data) => {
      const was = attempting;
      attempting = data?.state === 'connecting';
      if (attempting) return [{ kind: 'connecting' }];
      return was ? [{ kind: data?.state === 'connected' ? 'connectSuccess' : 'connectFailed' }] : [];
    });
    on('onMessageReceived', (data) =>
      (Array.isArray(data) ? data : []).filter((m) => m?.type === 'TIMTextElem').map((m) => ({ kind: 'messageReceived', from: String(m.from), text: String(m.payload?.text ?? '') })),
    );
    return OK;
  }

  /** destroy() logs out first and rejects with logout's code (2024 when nobody was logged in), but releases the instance all the same. */
  async unInit(): Promise<Answer> {
    const chat = this.chat;
    this.chat = undefined;
    if (!chat) return OK;
    const destroyed = await answerOf(() => chat.destroy());
    return destroyed.code === 0 ? destroyed : { code: 0, desc: `destroyed; its logout answered ${destroyed.code}` };
  }

  handle(method: string, p: Params): Promise<Answer> {
    switch (method) {
      case 'client.init':
        return this.track(this.init());
      case 'client.unInit':
        return this.track(this.unInit());
      case 'client.login':
        // A login while logged in resolves as a repeat that changed nothing: the answer says so.
        return this.call(
          (chat) => chat.login({ userID: String(p.userId), userSig: String(p.userSig) }),
          (value) => ((value as { data?: { repeatLogin?: unknown } })?.data?.repeatLogin === true ? { code: 0, desc: 'repeatLogin', data: { repeatLogin: true } } : OK),
        );
      case 'client.logout':
        return this.call((chat) => chat.logout());
      case 'client.getLoginUser':
        return Promise.resolve(this.chat ? { code: 0, data: String(this.chat.getLoginUser()) } : NO_INSTANCE);
      case 'client.getLoginStatus': {
        // The SDK has no login status: ready is logged in; a user without readiness is logging in.
        const chat = this.chat;
        if (!chat) return Promise.resolve(NO_INSTANCE);
        return Promise.resolve({ code: 0, data: chat.isReady() ? 'logged-in' : String(chat.getLoginUser()) !== '' ? 'logging-in' : 'logged-out' });
      }
      case 'client.getConversationList':
        return this.call((chat) => chat.getConversationList());
      case 'client.callGated':
        return this.gated(String(p.api), (p.args ?? {}) as Params);
      default:
        return Promise.reject(new RpcError(ERRORS.methodNotFound, `unknown method "${method}"`));
    }
  }

  private gated(api: string, args: Params): Promise<Answer> {
    switch (api) {
      case 'getUsersInfo':
        return this.call((chat) => chat.getUserProfile({ userIDList: [String(chat.getLoginUser())] }));
      case 'getFriendList':
        return this.call((chat) => chat.getFriendList());
      case 'setSelfInfo':
        return this.call((chat) => chat.updateMyProfile({ nick: typeof args.nick === 'string' ? args.nick : 'im-conformance' }));
      case 'getGroupList':
        return this.call((chat) => chat.getGroupList());
      default:
        return Promise.resolve({ code: 6017, desc: `unknown API ${api}` });
    }
  }
}

/** Connects to the suite and serves it until it closes the connection; `done` resolves then. */
export function startChatDriver({ url, sdk, deploy, WebSocket: Socket = (globalThis as { WebSocket?: any }).WebSocket }: ChatDriverOptions): { done: Promise<void>; stop(): void } {
  const socket = new Socket(url);
  const harnesses = new Map<string, { deployment: Deployment; clients: Map<string, DriverClient> }>();
  let handshaken = false;
  let harnessCount = 0;
  const send = (message: object) => socket.send(JSON.stringify(message));

  const harnessOf = (p: Params) => {
    const harness = harnesses.get(String(p.harness));
    if (!harness) throw new RpcError(ERRORS.unknownId, `no harness "${String(p.harness)}"`);
    return harness;
  };

  async function answer(method: string, p: Params): Promise<unknown> {
    if (method === 'ping') return null;
    if (method === 'handshake') {
      if (p.protocol !== PROTOCOL) throw new RpcError(ERRORS.protocolMismatch, `this driver speaks protocol ${PROTOCOL}, the suite ${String(p.protocol)}`);
      handshaken = true;
      return { protocol: PROTOCOL, driver: DRIVER, sdk, capabilities: [], gatedApis: ['getUsersInfo', 'getFriendList', 'setSelfInfo', 'getGroupList'], platforms: ['web'], codes: CODES };
    }
    if (!handshaken) throw new RpcError(ERRORS.handshakeFirst, 'send handshake first');
    if (method === 'harness.start') {
      const id = `h${++harnessCount}`;
      harnesses.set(id, { deployment: await deploy(), clients: new Map() });
      return { harness: id };
    }
    const harness = harnessOf(p);
    switch (method) {
      case 'harness.stop': {
        harnesses.delete(String(p.harness));
        await Promise.allSettled([...harness.clients.values()].map((c) => c.unInit()));
        await harness.deployment.stop?.();
        return null;
      }
      case 'harness.createClient': {
        const id = `c${harness.clients.size + 1}`;
        const emit = (event: Event) => harnesses.has(String(p.harness)) && send({ jsonrpc: '2.0', method: 'client.event', params: { harness: p.harness, client: id, event } });
        harness.clients.set(id, new DriverClient(harness.deployment, emit));
        return { client: id };
      }
      case 'harness.issueSig':
        return harness.deployment.issueSig(String(p.userId), { ...(p.ttlSeconds !== undefined ? { ttlSeconds: Number(p.ttlSeconds) } : {}), ...(p.signWith !== undefined ? { signWith: String(p.signWith) } : {}) });
      case 'harness.settle': {
        const clients = [...harness.clients.values()];
        await Promise.all(clients.map((c) => c.idle()));
        await harness.deployment.settle?.(clients.flatMap((c) => (c.chat ? [c.chat] : [])));
        return null;
      }
    }
    const client = harness.clients.get(String(p.client));
    if (!client) throw new RpcError(ERRORS.unknownId, `no client "${String(p.client)}" in harness "${String(p.harness)}"`);
    return client.handle(method, p);
  }

  function handle(request: { id?: unknown; method?: unknown; params?: unknown }): void {
    const { id } = request;
    let result: Promise<unknown>;
    try {
      result = answer(String(request.method), (request.params ?? {}) as Params); // the SDK is called before this returns
    } catch (e) {
      result = Promise.reject(e);
    }
    result.then(
      (value) => send({ jsonrpc: '2.0', id, result: value ?? null }),
      (e: unknown) => send({ jsonrpc: '2.0', id, error: e instanceof RpcError ? { code: e.code, message: e.message } : { code: ERRORS.sdkThrew, message: String((e as Error)?.message ?? e) } }),
    );
  }

  socket.addEventListener('message', ({ data }) => {
    const message = JSON.parse(String(data)) as unknown;
    // A batch: calls the suite made at once reach the SDK back to back, in order.
    for (const request of Array.isArray(message) ? message : [message]) handle(request as Params);
  });
  const done = new Promise<void>((resolve) => {
    socket.addEventListener('close', () => {
      // The suite is done: every deployment goes with the connection.
      const all = [...harnesses.values()];
      harnesses.clear();
      void Promise.allSettled(all.map(async (h) => (await Promise.allSettled([...h.clients.values()].map((c) => c.unInit())), h.deployment.stop?.()))).then(() => resolve());
    });
  });
  socket.addEventListener('error', () => {}); // a close follows
  return { done, stop: () => socket.close() };
}
