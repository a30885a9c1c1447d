// The browser driver's page: the reference client SDK (adapters/reference/client.ts) runs here, in
// the browser's JavaScript and over the browser's own WebSockets. The host (host.ts) drives it
// over one WebSocket (`?host=ws://…`): each message creates a client, calls one of its methods or
// moves the page's clock, and every listener callback goes back as an event. A page holds at
// most a couple of hundred clients (a renderer process allows 255 WebSockets); the host opens
// more pages as it needs them.
import type { Answer, ClientOptions } from '../../adapters/contract.ts';
import { ReferenceClient } from '../../adapters/reference/client.ts';
import { VirtualClock } from '../../adapters/reference/clock.ts';
import { WebSocket } from './ws-shim.ts';

/** What the host asks of the page (host.ts): each call names its deployment (harness) and client. */
export type PageCall =
  | { op: 'create'; harness: string; client: string; platform: ClientOptions['platform']; nowMs: number; link: string }
  | { op: 'call'; harness: string; client: string; method: ClientMethod; args: unknown[] }
  | { op: 'idle' | 'ping'; harness: string; clients: string[] }
  | { op: 'whenDisconnected'; harness: string; client: string }
  | { op: 'advance'; harness: string; ms: number }
  | { op: 'stop'; harness: string }
  | { op: 'sync' };
export type ClientMethod = 'init' | 'unInit' | 'login' | 'logout' | 'getLoginUser' | 'getLoginStatus' | 'getConversationList' | 'callGated';

/**
 * The clients of each deployment that live in this page, and the page's copy of its virtual clock,
 * on which their own timers (the reconnect backoff) run. The host moves the server's clock first
 * and then every copy, as one clock runs the server's timers first when both fall due together.
 */
const deployments = new Map<string, { time: VirtualClock; clients: Map<string, ReferenceClient> }>();

const deploymentOf = (harness: string) => {
  const d = deployments.get(harness);
  if (!d) throw new Error(`no deployment "${harness}" in this page`);
  return d;
};
const clientOf = (harness: string, id: string) => {
  const client = deploymentOf(harness).clients.get(id);
  if (!client) throw new Error(`no client "${id}" of "${harness}" in this page`);
  return client;
};

/** Runs one call; an SDK method is invoked before this returns, so calls reach it in order. */
function run(call: PageCall, emit: (harness: string, client: string, event: unknown) => void): Promise<unknown> {
  switch (call.op) {
    case 'create': {
      if (!deployments.has(call.harness)) deployments.set(call.harness, { time: new VirtualClock(call.nowMs), clients: new Map() });
      const { time, clients } = deploymentOf(call.harness);
      clients.set(call.client, new ReferenceClient(call.link, { platform: call.platform, onEvent: (event) => emit(call.harness, call.client, event) }, time));
      return Promise.resolve();
    }
    case 'call': {
      const client = clientOf(call.harness, call.client);
      return (client[call.method] as (...args: unknown[]) => Promise<Answer>)(...call.args);
    }
    // The two halves of the harness's settle (host.ts): every call answered on every page, then
    // a ping through each link that is not held (its pong comes after every push sent before it).
    case 'idle':
      return Promise.all(call.clients.map((id) => clientOf(call.harness, id).idle()));
    case 'ping':
      return Promise.all(call.clients.map((id) => clientOf(call.harness, id).ping()));
    case 'whenDisconnected':
      return clientOf(call.harness, call.client).whenDisconnected();
    case 'advance':
      deploymentOf(call.harness).time.advance(call.ms);
      return Promise.resolve();
    case 'sync':
      return Promise.resolve();
    case 'stop':
      for (const client of deployments.get(call.harness)?.clients.values() ?? []) client.dispose();
      deployments.delete(call.harness);
      return Promise.resolve();
  }
}

const hostUrl = new URLSearchParams(location.search).get('host');
if (!hostUrl) throw new Error('the page needs ?host=ws://… (host.ts opens it so)');
const host = new WebSocket(hostUrl);
const send = (message: object) => host.send(JSON.stringify(message));
const emit = (harness: string, client: string, event: unknown) => send({ event, harness, client });
// Nobody watches this tab's console: its errors go to the host, which prints them.
addEventListener('error', (e) => send({ pageError: String(e.message) }));
addEventListener('unhandledrejection', (e) => send({ pageError: String((e.reason as Error)?.stack ?? e.reason) }));
host.on('message', (data: unknown) => {
  // A batch: calls the host made at once reach the SDK back to back.
  for (const { id, ...call } of JSON.parse(String(data)) as ({ id: number } & PageCall)[]) {
    let result: Promise<unknown>;
    try {
      result = run(call as PageCall, emit);
    } catch (e) {
      result = Promise.reject(e);
    }
    result.then(
      (value) => send({ id, result: value ?? null }),
      (e: unknown) => send({ id, error: String((e as Error)?.stack ?? e) }),
    );
  }
});
