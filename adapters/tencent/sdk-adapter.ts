// The official web SDK (@tencentcloud/chat) seen through the suite's contract. One mapping for the
// real SDK (adapters/tencent/index.ts) and for its offline double (offline.ts): whatever the SDK
// answers is passed on with its own code, and the code profile (codes.ts) gives it a meaning.
//
//   contract                 web SDK
//   init / unInit            TencentCloudChat.create({ SDKAppID }) / destroy(), ok even when
//                            destroy() rejects with its logout's code; no instance: 6013
//   login, logout            login({ userID, userSig }), logout(); a rejection's code is the answer;
//                            the SDK's "Params validate failed." throw (no code; an empty userID
//                            or userSig) answers 6017, invalid-parameters
//   getLoginUser             getLoginUser()
//   getLoginStatus           none in the web SDK: derived from isReady() and getLoginUser() only
//   gated calls              getUserProfile, getFriendList, updateMyProfile, getGroupList, joinGroup,
//                            sendMessage(createTextMessage(...)); getConversationList
//   events                   KICKED_OUT (userSigExpired: userSigExpired; any other type: kickedOffline),
//                            NET_STATE_CHANGE (connecting; then connected: connectSuccess,
//                            disconnected: connectFailed), MESSAGE_RECEIVED (text messages);
//                            SDK_READY / SDK_NOT_READY show in the status, through isReady()
//   The SDK reports network changes only, from a first state of connected: its first connection
//   reports no attempt, and a connection lost (disconnected with no attempt under way) is no
//   contract event; an attempt is only ever reported when the SDK reported one.
//
// Platform: the web SDK is always a web instance, so the adapter declares platforms ['web'] and the
// suite asks for nothing else (a spec that needs another platform is not applicable).
import { z } from 'zod';
import { defineAdapter, type Adapter, type AdapterOption, type Answer, type Budget, type Capability, type Client, type ClientEvent, type GatedApi, type Harness, type LoginStatus } from '../contract.ts';
import { WEB_SDK_CODE_PROFILE } from './codes.ts';
import { CONV_C2C, EVENT, KickedOutEvent, MessageReceivedEvent, NetStateEvent, PARAMS_VALIDATE_FAILED, RepeatLogin, SdkError, TYPES, type ChatApi } from './sdk-api.ts';

/**
 * The representative gated APIs the adapter declares: those any logged-in user can call without
 * setup on the real service. joinGroup needs an existing group and sendMessage an existing
 * recipient, so they are mapped (sendMessage serves `messaging`) but not declared.
 */
export const WEB_SDK_GATED_APIS: readonly GatedApi[] = ['getUsersInfo', 'getFriendList', 'setSelfInfo', 'getGroupList'];

/** One deployment: where SDK instances come from, the business server, and the server-side views. */
export interface TencentDeployment extends Omit<Harness, 'createClient' | 'settle'> {
  /** A new SDK instance (`TencentCloudChat.create({ SDKAppID })`, or the double's). */
  createChat(): ChatApi | Promise<ChatApi>;
  /** Called once every adapter call in flight has answered: deliver what the service sent before now. */
  settle(): Promise<void>;
}

export interface TencentSdkAdapterOptions {
  name: string;
  version: string;
  capabilities: readonly Capability[];
  /** The service's quota (the real app's plan): the run is planned within it. */
  limits?: Budget;
  /** Settings of the adapter (the app's credentials and region), given to start. */
  options?: readonly AdapterOption[];
  start(options: Record<string, unknown>): Promise<TencentDeployment>;
}

export function createTencentSdkAdapter({ name, version, capabilities, limits, options, start }: TencentSdkAdapterOptions): Adapter {
  return defineAdapter({
    name,
    version,
    capabilities,
    ...(limits ? { limits } : {}),
    ...(options ? { options } : {}),
    gatedApis: WEB_SDK_GATED_APIS,
    platforms: ['web'],
    codes: WEB_SDK_CODE_PROFILE,
    async start(given): Promise<Harness> {
      const { createChat, settle, stop, ...parts } = await start(given?.options ?? {});
      const clients: TencentSdkClient[] = [];
      return {
        ...parts,
        async createClient({ onEvent }) {
          const client = new TencentSdkClient(createChat, onEvent);
          clients.push(client);
          return client;
        },
        async settle() {
          await Promise.all(clients.map((c) => c.idle()));
          await settle();
        },
        async stop() {
          await Promise.allSettled(clients.map((c) => c.unInit()));
          await stop();
        },
      };
    },
  });
}

const OK: Answer = { code: 0 };
const NOT_INITIALIZED: Answer = { code: 6013, desc: 'no SDK instance: TencentCloudChat.create() was not called, or destroy() was' };
const INVALID_PARAMETERS: Answer = { code: 6017, desc: `the SDK threw "${PARAMS_VALIDATE_FAILED}", with no code` };
const SendMessageArgs = z.object({ to: z.string(), text: z.string() });

/** One SDK instance (one browser tab) behind the contract's Client. */
export class TencentSdkClient implements Client {
  #chat: ChatApi | undefined;
  #creating: Promise<Answer> | undefined;
  #inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly createChat: () => ChatApi | Promise<ChatApi>,
    private readonly onEvent: (event: unknown) => void,
  ) {}

  init(): Promise<Answer> {
    if (this.#chat) return Promise.resolve(OK);
    this.#creating ??= this.#track(async () => {
      try {
        const chat = await this.createChat();
        this.#chat = chat;
        this.#listen(chat);
        return OK;
      } finally {
        this.#creating = undefined;
      }
    });
    return this.#creating;
  }

  unInit(): Promise<Answer> {
    return this.#track(async () => {
      const chat = this.#chat;
      if (!chat) return OK;
      this.#chat = undefined; // from now on every call answers 6013, and its events are dropped
      const destroyed = await answerOf(() => chat.destroy());
      // destroy() logs out first and rejects with logout's code (2024 when nobody was logged in),
      // but releases the instance whatever logout answered: unInit has done its work.
      return destroyed.code === 0 ? destroyed : { code: 0, desc: `destroyed; its logout answered ${destroyed.code}` };
    });
  }

  login(userId: string, userSig: string): Promise<Answer> {
    return this.#call(
      (chat) => chat.login({ userID: userId, userSig }),
      (result) => {
        // A login while logged in resolves as a success that changed nothing: the answer says so.
        const repeat = RepeatLogin.safeParse(result);
        return repeat.success ? { code: 0, desc: repeat.data.data.errorInfo ?? 'repeatLogin', data: { repeatLogin: true } } : OK;
      },
    );
  }

  logout(): Promise<Answer> {
    return this.#call((chat) => chat.logout());
  }

  async getLoginUser(): Promise<Answer> {
    const chat = this.#chat;
    return chat ? { code: 0, data: String(chat.getLoginUser()) } : NOT_INITIALIZED;
  }

  /**
   * The web SDK has no getLoginStatus. Derived from what it does expose, and nothing else: ready
   * is logged in; a login user without readiness is between the login answer and SDK_READY;
   * otherwise logged out, including while the login call itself runs (nothing tells it apart).
   */
  async getLoginStatus(): Promise<Answer> {
    const chat = this.#chat;
    if (!chat) return NOT_INITIALIZED;
    const status: LoginStatus = chat.isReady() ? 'logged-in' : String(chat.getLoginUser()) !== '' ? 'logging-in' : 'logged-out';
    return { code: 0, data: status, desc: 'derived from isReady() and getLoginUser(): @tencentcloud/chat has no getLoginStatus' };
  }

  getConversationList(): Promise<Answer> {
    return this.#call((chat) => chat.getConversationList());
  }

  callGated(api: GatedApi, args?: Record<string, unknown>): Promise<Answer> {
    switch (api) {
      case 'sendMessage':
        return this.#call(async (chat) => {
          const { to, text } = SendMessageArgs.parse(args);
          // Before SDK_READY the SDK answers createTextMessage with a rejected promise instead of a
          // Message; awaiting it covers both.
          const message = await chat.createTextMessage({ to, conversationType: CONV_C2C, payload: { text } });
          return chat.sendMessage(message);
        });
      case 'getUsersInfo':
        return this.#call((chat) => chat.getUserProfile({ userIDList: [String(chat.getLoginUser())] }));
      case 'getFriendList':
        return this.#call((chat) => chat.getFriendList());
      case 'setSelfInfo':
        return this.#call((chat) => chat.updateMyProfile({ nick: typeof args?.nick === 'string' ? args.nick : 'im-conformance' }));
      case 'joinGroup':
        return this.#call((chat) => chat.joinGroup({ groupID: typeof args?.groupID === 'string' ? args.groupID : 'im-conformance' }));
      case 'getGroupList':
        return this.#call((chat) => chat.getGroupList());
      default:
        return Promise.resolve({ code: 6017, desc: `unknown API ${String(api)}` });
    }
  }

  /** Resolves once every call started on this client has answered. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /** One SDK call; the SDK method is invoked at once, so calls reach it in the order they were made. */
  #call(invoke: (chat: ChatApi) => Promise<unknown>, onResult: (value: unknown) => Answer = () => OK): Promise<Answer> {
    return this.#track(async () => {
      const chat = this.#chat;
      return chat ? answerOf(() => invoke(chat), onResult) : NOT_INITIALIZED;
    });
  }

  #listen(chat: ChatApi): void {
    const on = (name: string, map: (event: unknown) => ClientEvent[] | undefined) =>
      chat.on(name, (event: unknown) => {
        if (this.#chat !== chat) return; // an instance destroyed meanwhile
        // An event the schemas cannot read goes to the suite as it came: it fails the spec, named.
        for (const e of map(event) ?? [{ unreadable: name, event }]) this.onEvent(e);
      });
    on(EVENT.KICKED_OUT, (event) => {
      const parsed = KickedOutEvent.safeParse(event);
      if (!parsed.success) return undefined;
      return [{ kind: parsed.data.data.type === TYPES.KICKED_OUT_USERSIG_EXPIRED ? 'userSigExpired' : 'kickedOffline' }];
    });
    let attempting = false;
    on(EVENT.NET_STATE_CHANGE, (event) => {
      const parsed = NetStateEvent.safeParse(event);
      if (!parsed.success) return undefined;
      const state = parsed.data.data.state;
      const wasAttempting = attempting;
      attempting = state === TYPES.NET_STATE_CONNECTING;
      if (attempting) return [{ kind: 'connecting' }];
      if (!wasAttempting) return [];
      return [{ kind: state === TYPES.NET_STATE_CONNECTED ? 'connectSuccess' : 'connectFailed' }];
    });
    on(EVENT.MESSAGE_RECEIVED, (event) => {
      const parsed = MessageReceivedEvent.safeParse(event);
      if (!parsed.success) return undefined;
      const texts = parsed.data.data.filter((m) => m.type === TYPES.MSG_TEXT);
      return texts.map((m) => ({ kind: 'messageReceived' as const, from: m.from, text: m.payload.text ?? '' }));
    });
  }

  #track(work: () => Promise<Answer>): Promise<Answer> {
    const promise = work();
    this.#inflight.add(promise);
    const done = () => this.#inflight.delete(promise);
    promise.then(done, done);
    return promise;
  }
}

/**
 * The SDK's promise as an answer: resolved is ok (or what onResult makes of it), rejected is its
 * code; the SDK's throw for parameters that fail its checks is invalid-parameters.
 */
async function answerOf(invoke: () => Promise<unknown>, onResult: (value: unknown) => Answer = () => OK): Promise<Answer> {
  let value: unknown;
  try {
    value = await invoke();
  } catch (error) {
    const parsed = SdkError.safeParse(error);
    if (parsed.success) return parsed.data.message ? { code: parsed.data.code, desc: parsed.data.message } : { code: parsed.data.code };
    if (error instanceof Error && error.message === PARAMS_VALIDATE_FAILED) return INVALID_PARAMETERS;
    throw error; // not the SDK's error shape: the adapter fails the spec with it
  }
  return onResult(value);
}
