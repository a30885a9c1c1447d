// The slice of the official web SDK (@tencentcloud/chat) that the tencent adapter uses, typed from
// the package's own index.d.ts. The real SDK and the offline double (sdk-double.ts) both have to
// provide it, so `tsc` fails as soon as either drifts from the package's declarations.
import type ChatModule from '@tencentcloud/chat';
import type { ChatSDK } from '@tencentcloud/chat';
import { z } from 'zod';

/** The namespace the package exports as its default (`TencentCloudChat`). */
type TencentCloudChat = typeof ChatModule.default;
/** A value of TencentCloudChat.TYPES, as the declarations type fields such as Message.type. */
export type ChatTypes = ChatModule.default.TYPES;

/** The methods of a ChatSDK instance the adapter calls, with the package's own signatures. */
export type ChatApi = Pick<
  ChatSDK,
  | 'login'
  | 'logout'
  | 'getLoginUser'
  | 'isReady'
  | 'destroy'
  | 'on'
  | 'getConversationList'
  | 'getUserProfile'
  | 'getFriendList'
  | 'updateMyProfile'
  | 'joinGroup'
  | 'getGroupList'
  | 'createTextMessage'
  | 'sendMessage'
>;

export type CreateOptions = Parameters<TencentCloudChat['create']>[0];

/** `TencentCloudChat.create`, or the double's: a new SDK instance (it connects at once). */
export interface ChatFactory {
  create(options: CreateOptions): ChatApi;
}

/** The string a member of one of the package's string enums stands for. */
type Wire<T> = `${T & string}`;

/** Event names, checked against TencentCloudChat.EVENT. */
export const EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  KICKED_OUT: 'kickedOut',
  NET_STATE_CHANGE: 'netStateChange',
  MESSAGE_RECEIVED: 'onMessageReceived',
  ERROR: 'error',
} as const satisfies { [K in keyof TencentCloudChat['EVENT']]?: Wire<TencentCloudChat['EVENT'][K]> };

/** Kick reasons, network states and the text message type, checked against TencentCloudChat.TYPES. */
export const TYPES = {
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
  MSG_TEXT: 'TIMTextElem',
  MSG_PRIORITY_NORMAL: 'Normal',
  JOIN_STATUS_SUCCESS: 'JoinedSuccess',
} as const satisfies { [K in keyof TencentCloudChat['TYPES']]?: Wire<TencentCloudChat['TYPES'][K]> };

/**
 * TYPES.CONV_C2C: the SDK has it at run time ('C2C'), but index.d.ts (3.6.6) leaves it out of its
 * TYPES enum, so it cannot be checked against the declarations, only cast into their type.
 */
export const CONV_C2C = 'C2C' as ChatTypes;

/** EVENT.SDK_DESTROY: destroy() emits it at run time, but index.d.ts (3.6.6) leaves it out of its EVENT enum. */
export const SDK_DESTROY = 'sdkDestroy';

/**
 * What the SDK throws, synchronously and with no code, when a call's parameters fail its checks
 * (an empty userID or userSig given to login, for one).
 */
export const PARAMS_VALIDATE_FAILED = 'Params validate failed.';

export const KICK_TYPES = [TYPES.KICKED_OUT_MULT_ACCOUNT, TYPES.KICKED_OUT_MULT_DEVICE, TYPES.KICKED_OUT_USERSIG_EXPIRED, TYPES.KICKED_OUT_REST_API] as const;
export type KickType = (typeof KICK_TYPES)[number];
export const NET_STATES = [TYPES.NET_STATE_CONNECTED, TYPES.NET_STATE_CONNECTING, TYPES.NET_STATE_DISCONNECTED] as const;
export type NetState = (typeof NET_STATES)[number];

// What the adapter reads from the SDK, checked on arrival: every handler gets `{ name, data }`,
// every call resolves with `{ code: 0, data }` or rejects with an Error carrying `code` and `message`.
export const KickedOutEvent = z.object({ data: z.object({ type: z.enum(KICK_TYPES) }) });
export const NetStateEvent = z.object({ data: z.object({ state: z.enum(NET_STATES) }) });
export const MessageReceivedEvent = z.object({
  data: z.array(z.object({ type: z.string(), from: z.string(), payload: z.object({ text: z.string().optional() }).passthrough() })),
});
/** A resolved login: the one thing read is whether it was a repeat that changed nothing. */
export const RepeatLogin = z.object({ data: z.object({ repeatLogin: z.literal(true), errorInfo: z.string().optional() }) });
export const SdkError = z.object({ code: z.number().int(), message: z.string().optional() });
