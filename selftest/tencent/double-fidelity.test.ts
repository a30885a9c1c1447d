// The double held against the package it stands for: one script of what the web SDK does with no
// service to reach, run step by step on the real @tencentcloud/chat (offline) and on its double
// (adapters/tencent/sdk-double.ts). A step where the double's observation differs from the
// package's fails, naming the step and both observations.
//
// Offline, the package shows what it decides by itself: which calls it refuses before login and
// while a login is pending, with which code and `error` event, the checks on login's parameters,
// getLoginUser / isReady, a login sent and left pending, destroy. Whatever needs Tencent's service
// (a login that succeeds or is refused, kicks, expiry, multi-instance policies, reconnection) it
// cannot show here; the double's word on that stays unmeasured.
import ChatModule from '@tencentcloud/chat';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../adapters/contract.ts';
import { CONV_C2C, type ChatApi } from '../../adapters/tencent/sdk-api.ts';
import { createChatDouble, type Connect } from '../../adapters/tencent/sdk-double.ts';

// The package is CommonJS: its default import is module.exports, the TencentCloudChat namespace.
const TencentCloudChat = ChatModule as unknown as typeof ChatModule.default;
/** Every event the package can emit, read from the package: the double must emit the same ones. */
const EVENT_NAMES: string[] = Object.values(TencentCloudChat.EVENT);
/** The longest any await of the script may take: everything here is decided without I/O. */
const DEADLINE_MS = 2_000;

type Step = readonly [name: string, act: (chat: ChatApi) => unknown];

const login = (userID: string, userSig = 'a ticket') => (chat: ChatApi) => chat.login({ userID, userSig });
const getConversationList: Step = ['getConversationList', (chat) => chat.getConversationList()];
// The calls the adapter makes that need SDK_READY. joinGroup is left out: before login the package
// tries an anonymous join, which only the service can answer.
const GATED: Step[] = [
  getConversationList,
  ['getUserProfile', (chat) => chat.getUserProfile({ userIDList: ['alice'] })],
  ['getFriendList', (chat) => chat.getFriendList()],
  ['updateMyProfile', (chat) => chat.updateMyProfile({ nick: 'alice' })],
  ['getGroupList', (chat) => chat.getGroupList()],
  ['createTextMessage', (chat) => chat.createTextMessage({ to: 'bob', conversationType: CONV_C2C, payload: { text: 'hi' } })],
];

/**
 * The script: each scenario on a new instance, its steps in order; every scenario starts with the
 * instance's creation and ends with destroy(), both observed too.
 */
const SCRIPT: Record<string, Step[]> = {
  'before login': [['getLoginUser', (chat) => chat.getLoginUser()], ...GATED, ['logout', (chat) => chat.logout()]],
  'while a login is pending': [
    ['login alice', login('alice')],
    ...GATED,
    ['login alice again', login('alice')],
    ['login bob', login('bob')],
    ['login with an empty userID', login('')],
    ['logout', (chat) => chat.logout()],
    ['getConversationList after that logout', (chat) => chat.getConversationList()],
  ],
  'an empty userID': [['login', login('')], getConversationList, ['login alice after it', login('alice')]],
  'an empty userSig': [['login', login('alice', '')], getConversationList, ['login alice after it', login('alice')]],
  'a 33-byte userID': [['login', login('u'.repeat(33))], getConversationList, ['login alice after it', login('alice')]],
  'a userID with a space and "!"': [['login', login('bad id!')], getConversationList],
};

interface Side {
  name: string;
  create(sdkAppId: number): ChatApi;
}

/**
 * The package's WebSocket on a machine with no network: every connection fails a macrotask after it
 * is opened (error, then close), as `ws` does when the host name does not resolve (the package's
 * observations are the same with `ws` here). A stand-in, not `ws`: the script then opens no socket
 * and runs the same where Tencent's servers are reachable; and closing it while it connects is
 * quiet, as in a browser, where `ws` emits an 'error' nobody listens to and the process fails.
 */
class NoNetworkWebSocket {
  readyState = 0; // CONNECTING
  binaryType = 'blob';
  extensions = '';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  readonly #failing = setTimeout(() => {
    this.readyState = 3; // CLOSED
    this.onerror?.({ type: 'error' });
    this.onclose?.({ type: 'close', code: 1006, reason: '', wasClean: false });
  });

  send(): void {
    throw new Error('WebSocket is not open');
  }

  close(): void {
    clearTimeout(this.#failing);
    this.readyState = 3;
  }
}

const thePackage: Side = {
  name: '@tencentcloud/chat',
  create(SDKAppID) {
    // A new SDKAppID per scenario: the package keeps one instance per SDKAppID.
    const chat = TencentCloudChat.create({ SDKAppID });
    chat.setLogLevel(4); // none: its logs would bury the test's output
    return chat;
  },
};

/**
 * Tencent's service as the double meets it offline, to match the package with no network: the
 * first connection fails (the double then reports netStateChange disconnected, as the package
 * does), and nothing sent is ever answered (a login stays pending, as the package's does). A
 * connect that rejected instead would make the double's login reject, which the package's never does.
 */
const unreachableService: Connect = async (onEvent) => {
  setImmediate(() => onEvent({ kind: 'connectFailed' })); // after create(), as the socket's failure
  const ok = async (): Promise<Answer> => ({ code: 0 });
  const never = () => new Promise<Answer>(() => {});
  return { init: ok, unInit: ok, login: never, logout: never, getLoginUser: never, getLoginStatus: never, getConversationList: never, callGated: never };
};

const theDouble: Side = { name: 'the double', create: (SDKAppID) => createChatDouble(unreachableService).create({ SDKAppID }) };

/** Rejects, saying what did not happen, if the promise has not settled within the deadline. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** An SDK error as the app can tell it apart: its code, or the message of an Error without one. */
function errorOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'number' ? String(code) : JSON.stringify(message ?? error);
}

/** How a call ended: threw, returned, or its promise resolved, rejected or stayed pending. */
async function outcomeOf(act: () => unknown): Promise<string> {
  let result: unknown;
  try {
    result = act();
  } catch (error) {
    return `threw synchronously ${errorOf(error)}`;
  }
  if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return `returned ${typeof result === 'string' ? JSON.stringify(result) : typeof result}`;
  // Both sides decide a refusal without I/O, so it has settled once the microtasks the call queued
  // have run: a macrotask later. Still pending then, only the unreachable service could answer it.
  const pending = new Promise<string>((resolve) => setImmediate(() => resolve('pending')));
  const settled = Promise.resolve(result).then(() => 'resolved', (error: unknown) => `rejected ${errorOf(error)}`);
  return Promise.race([settled, pending]);
}

/** The events an instance emitted, each as its name and the one datum that tells it apart. */
function recordEvents(chat: ChatApi): { take(): string[]; next(event: string): Promise<void> } {
  const seen: string[] = [];
  let waiting: (() => void) | undefined;
  for (const name of EVENT_NAMES) {
    chat.on(name, (event: { name: string; data?: { code?: unknown; state?: unknown; type?: unknown } }) => {
      const detail = event.data?.code ?? event.data?.state ?? event.data?.type;
      seen.push(detail === undefined ? event.name : `${event.name} ${String(detail)}`);
      waiting?.();
    });
  }
  return {
    take: () => seen.splice(0),
    next: (event) =>
      new Promise<void>((resolve) => {
        waiting = () => seen.includes(event) && resolve();
        waiting();
      }),
  };
}

/** One scenario on one side: each step's observation, by step name. */
async function play(side: Side, scenario: string, sdkAppId: number): Promise<[string, string][]> {
  const chat = side.create(sdkAppId);
  const events = recordEvents(chat);
  const state = () => `getLoginUser ${JSON.stringify(chat.getLoginUser())}, isReady ${chat.isReady()}`;
  const observe = async (act: () => unknown) => `${await outcomeOf(act)}; events [${events.take().join(', ')}]; ${state()}`;
  const observed: [string, string][] = [];
  try {
    // The first connection fails a macrotask after create(): waited for, so that its event belongs
    // to the creation on both sides, whatever step would otherwise be running when it comes.
    await within(events.next('netStateChange disconnected'), `${side.name}, ${scenario}: the first connection failing (netStateChange disconnected)`);
    observed.push(['create', `events [${events.take().join(', ')}]; ${state()}`]);
    for (const [step, act] of SCRIPT[scenario]!) observed.push([step, await observe(() => act(chat))]);
  } finally {
    // Always destroyed, so no timer of the package outlives the test; observed like any step.
    let destroying: unknown;
    observed.push(['destroy', await observe(() => (destroying = chat.destroy()))]);
    await within(Promise.resolve(destroying).catch(() => undefined), `${side.name}, ${scenario}: destroy()`);
  }
  return observed;
}

const SCENARIOS = Object.keys(SCRIPT);
const STEPS = SCENARIOS.flatMap((scenario) => ['create', ...SCRIPT[scenario]!.map(([step]) => step), 'destroy'].map((step) => `${scenario}: ${step}`));
if (new Set(STEPS).size !== STEPS.length) throw new Error('two steps of a scenario have the same name: their observations would be one');
const observations = new Map<Side, Map<string, string>>();

async function playAll(side: Side): Promise<void> {
  const observed = new Map<string, string>();
  observations.set(side, observed);
  for (const [i, scenario] of SCENARIOS.entries()) {
    for (const [step, observation] of await play(side, scenario, 1_400_000_001 + i)) observed.set(`${scenario}: ${step}`, observation);
  }
}

const savedWebSocket = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
beforeAll(async () => {
  // The package opens `new WebSocket(url)` at each connection. Test files share this process
  // (isolate: false): the global is put back once the package's instances are destroyed.
  Object.defineProperty(globalThis, 'WebSocket', { value: NoNetworkWebSocket, configurable: true, writable: true });
  try {
    await playAll(thePackage);
  } finally {
    if (savedWebSocket) Object.defineProperty(globalThis, 'WebSocket', savedWebSocket);
    else delete (globalThis as { WebSocket?: unknown }).WebSocket;
  }
  await playAll(theDouble);
});

describe('the double does what @tencentcloud/chat does offline, step by step', () => {
  it.each(STEPS)('%s', (step) => {
    const expected = observations.get(thePackage)?.get(step);
    const actual = observations.get(theDouble)?.get(step);
    expect(actual, `${step}\n  the package: ${expected}\n  the double:  ${actual}`).toBe(expected);
  });
});
