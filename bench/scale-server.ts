// The scale run's server process: the reference server, unchanged but for two read-outs of its
// state, and the checks made on that state when the clients process says it is done.
// Started by bench/scale.ts with the ScaleConfig as its argument; sends a ScaleResult back.
import { randomBytes } from 'node:crypto';
import { ReferenceServer, VirtualClock, type Session } from '../adapters/reference/index.ts';
import { openFileLimit, peakRssBytes } from './proc.ts';
import { ClientsMessage, forkTs, RACE_USER, ScaleConfig, type ServerMessage } from './scale.ts';
import type { ScaleResult } from './schema.ts';

class ObservedServer extends ReferenceServer {
  /** The race user's logins, by instance ID, in the order the server admitted them. */
  readonly raceAdmitted: string[] = [];

  protected override admit(candidate: Session): Session[] {
    if (candidate.userId === RACE_USER) this.raceAdmitted.push(candidate.instanceId);
    return super.admit(candidate);
  }

  liveSessions(): readonly Session[] {
    return this.sessions;
  }
}

const config = ScaleConfig.parse(JSON.parse(process.argv[2] ?? ''));
const limit = openFileLimit();

const sdkAppId = 1_400_000_001;
const key = randomBytes(32).toString('hex');
const server = new ObservedServer({ clock: new VirtualClock(), sdkAppId, key });
const url = await server.start();
const clients = forkTs('./scale-clients.ts');
const send = (message: ServerMessage) => clients.send(message);
const problems: string[] = [];
let online: Extract<ClientsMessage, { type: 'online' }> | undefined;
let rssAllOnlineBytes = 0;

/** Every user online exactly once, connected, and nobody else. */
function checkAllOnline(): string[] {
  const found: string[] = [];
  const perUser = new Map<string, number>();
  for (const s of server.liveSessions()) {
    perUser.set(s.userId, (perUser.get(s.userId) ?? 0) + 1);
    if (!s.connection.open) found.push(`${s.userId}'s session is not connected`);
  }
  if (perUser.size !== config.users) found.push(`expected ${config.users} users online on the server but found ${perUser.size}`);
  const doubles = [...perUser].filter(([, n]) => n !== 1);
  if (doubles.length) found.push(`${doubles.length} users have more than one session, e.g. ${doubles[0]?.[0]}`);
  return found.slice(0, 5);
}

clients.on('message', (raw) => {
  const parsed = ClientsMessage.safeParse(raw);
  if (!parsed.success) {
    console.error(`bench: malformed message from the clients process (schema ClientsMessage): ${parsed.error.message}`);
    process.exit(1);
  }
  const message = parsed.data;
  switch (message.type) {
    case 'ready':
      send({ type: 'start', url, sdkAppId, key, config });
      return;
    case 'online': {
      online = message;
      const found = checkAllOnline();
      problems.push(...found);
      rssAllOnlineBytes = process.memoryUsage().rss;
      send({ type: 'checked', problems: found });
      return;
    }
    case 'raced':
      send({
        type: 'race-state',
        admitted: server.raceAdmitted,
        online: server
          .liveSessions()
          .filter((s) => s.userId === RACE_USER)
          .map((s) => s.instanceId),
      });
      return;
    case 'done': {
      if (!online) throw new Error('bench: the clients process finished before reporting its users online');
      const { figures } = online;
      const result: ScaleResult = {
        users: config.users,
        race: config.race,
        method:
          'the reference client SDK (ReferenceClient), one instance and one WebSocket per user, in one process; the reference server in another; ' +
          'all connections opened first, then every login sent at once; latency from each login call to its answer',
        connectMs: figures.connectMs,
        loginsPerSecond: config.users / (figures.loginsMs / 1000),
        loginP50Ms: figures.p50Ms,
        loginP99Ms: figures.p99Ms,
        server: { rssAllOnlineBytes, peakRssBytes: peakRssBytes(), openFilesLimit: limit.soft },
        clients: { peakRssBytes: message.peakRssBytes, openFilesLimit: message.openFilesLimit },
        raceSettledMs: message.raceSettledMs,
        problems: [...problems, ...message.problems],
      };
      // Nothing to tidy: the process ends, and with it every socket.
      process.send?.(result, undefined, {}, () => process.exit(0));
      return;
    }
  }
});
clients.once('exit', (code) => {
  console.error(`bench: the clients process exited (${code}) before it was done`);
  process.exit(1);
});
process.on('disconnect', () => process.exit(1)); // the bench has ended: so does the run
