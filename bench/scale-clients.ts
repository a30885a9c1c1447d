// The scale run's load: one reference client SDK instance (ReferenceClient) per user, in this
// process, against the server of bench/scale-server.ts (its parent).
//  1. every user's connection is opened (init), at most `connectWindow` at a time;
//  2. every user's login is sent at once; each answer's latency is taken from its own call;
//  3. the server checks that every user is online, exactly once;
//  4. the race: `race` instances of one user on one platform log in at once; then settle (every
//     answer in, one round trip per client) and check: exactly one instance is online on the
//     server, the one the server admitted last, logged in on its side and never kicked; every
//     other one was kicked exactly once and is logged out.
import { performance } from 'node:perf_hooks';
import { ReferenceClient, VirtualClock, issueTicket } from '../adapters/reference/index.ts';
import { openFileLimit, peakRssBytes } from './proc.ts';
import { PLATFORM, RACE_USER, ServerMessage, type ClientsMessage } from './scale.ts';

type Reply<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

let onServer: ((m: ServerMessage) => void) | undefined;
const next = <T extends ServerMessage['type']>(type: T): Promise<Reply<T>> =>
  new Promise((resolve, reject) => {
    onServer = (m) => (m.type === type ? resolve(m as Reply<T>) : reject(new Error(`bench: expected "${type}" from the server process but got "${m.type}"`)));
  });
process.on('message', (raw) => {
  const parsed = ServerMessage.safeParse(raw);
  if (!parsed.success) throw new Error(`bench: malformed message from the server process (schema ServerMessage): ${parsed.error.message}`);
  onServer?.(parsed.data);
});
process.on('disconnect', () => process.exit(0)); // the server process has ended: so does the load
const send = (message: ClientsMessage) => process.send?.(message);

const started = next('start');
send({ type: 'ready' });
const { url, sdkAppId, key, config } = await started;
const clock = new VirtualClock(); // the clients' reconnect timers; nothing here advances it
const ticket = (userId: string) => issueTicket({ sdkAppId, key, userId, nowSeconds: Math.floor(Date.now() / 1000), expireSeconds: 86_400 });

interface Instance {
  client: ReferenceClient;
  connected: boolean;
  kicks: number;
}
function instance(): Instance {
  const it: Instance = {
    connected: false,
    kicks: 0,
    client: new ReferenceClient(url, { platform: PLATFORM, onEvent: (e) => heard(it, e) }, clock),
  };
  return it;
}
function heard(it: Instance, event: unknown): void {
  const kind = (event as { kind?: string }).kind;
  if (kind === 'connectSuccess') it.connected = true;
  if (kind === 'kickedOffline') it.kicks++;
}

/** Runs `task` over `items`, at most `width` at a time. */
async function inWindows<T>(items: readonly T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  const lane = async () => {
    while (i < items.length) await task(items[i++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/** Opens the instances' connections; init answers ok even offline (the SDK retries by itself), so the event tells. */
async function connect(instances: readonly Instance[]): Promise<string[]> {
  await inWindows(instances, config.connectWindow, ({ client }) => client.init());
  const failed = instances.filter((it) => !it.connected).length;
  return failed ? [`${failed} of ${instances.length} clients could not connect`] : [];
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
const problems: string[] = [];

// 1-3: every user online.
const users = Array.from({ length: config.users }, () => instance());
const tickets = users.map((_, i) => ticket(`user-${i}`));
let t0 = performance.now();
problems.push(...(await connect(users)));
const connectMs = performance.now() - t0;

const latencies: number[] = [];
t0 = performance.now();
await Promise.all(
  users.map(async ({ client }, i) => {
    const sent = performance.now();
    const answer = await client.login(`user-${i}`, tickets[i]!);
    latencies.push(performance.now() - sent);
    if (answer.code !== 0 && problems.length < 5) problems.push(`user-${i}'s login answered ${answer.code} ${answer.desc ?? ''}`);
  }),
);
const loginsMs = performance.now() - t0;
latencies.sort((a, b) => a - b);
send({ type: 'online', figures: { connectMs, loginsMs, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) } });
await next('checked'); // the server's findings go into the result on its side

// 4: the race.
const racers = Array.from({ length: config.race }, () => instance());
problems.push(...(await connect(racers)));
const raceTicket = ticket(RACE_USER);
t0 = performance.now();
const answers = await Promise.all(racers.map(({ client }) => client.login(RACE_USER, raceTicket)));
// Settled: every call has answered, and a round trip per client has carried every push before it.
await Promise.all(racers.map(({ client }) => client.idle()));
await Promise.all(racers.map(({ client }) => client.ping()));
send({ type: 'raced' });
const { admitted, online } = await next('race-state');
problems.push(...(await checkRace(answers.map((a) => a.code))));
const raceSettledMs = performance.now() - t0;

async function checkRace(codes: number[]): Promise<string[]> {
  const found: string[] = [];
  const refused = codes.filter((c) => c !== 0).length;
  if (refused) found.push(`${refused} of the race's logins were refused`);
  const newest = admitted.at(-1);
  if (admitted.length !== config.race) found.push(`the server admitted ${admitted.length} of the race's ${config.race} logins`);
  if (online.length !== 1 || online[0] !== newest) found.push(`expected only the newest instance (${newest}) online, found ${online.length}: ${online.slice(0, 3).join(', ')}`);
  let wrongKicks = 0;
  for (const { client, kicks } of racers) {
    const survivor = client.instanceId === newest;
    const status = (await client.getLoginStatus()).data;
    if (kicks !== (survivor ? 0 : 1) || status !== (survivor ? 'logged-in' : 'logged-out')) wrongKicks++;
  }
  if (wrongKicks) found.push(`${wrongKicks} racing instances were not as expected (the newest logged in and never kicked, every other kicked exactly once and logged out)`);
  return found;
}

send({ type: 'done', raceSettledMs, peakRssBytes: peakRssBytes(), openFilesLimit: openFileLimit().soft, problems });
