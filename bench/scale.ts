// Scale: many users logged in at once through the reference server over WebSocket, and many
// concurrent logins of one user. Two processes, so each holds only its own sockets (one open
// file per connection on each side) and the server's memory is its own:
//   scale-server.ts   the reference server, and the checks of its state
//   scale-clients.ts  the reference client SDK, one instance per user, driving the load
// This module starts them (the bench's side) and holds the messages they exchange.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openFileLimit } from './proc.ts';
import { ScaleResult } from './schema.ts';

export const RACE_USER = 'race-user';
/** Every client's platform: the race needs one, and with the default policy (1 instance per platform) the newest wins. */
export const PLATFORM = 'android';

export const ScaleConfig = z.strictObject({
  users: z.number().int().positive(),
  race: z.number().int().min(2),
  /** Connections opened at once while connecting (below the server's listen backlog of 511). */
  connectWindow: z.number().int().positive(),
});
export type ScaleConfig = z.infer<typeof ScaleConfig>;

/** server → clients, on start: where to connect and how to sign tickets. */
export const ClientsStart = z.strictObject({ type: z.literal('start'), url: z.string(), sdkAppId: z.number().int(), key: z.string(), config: ScaleConfig });

const LoginFigures = z.strictObject({ connectMs: z.number(), loginsMs: z.number(), p50Ms: z.number(), p99Ms: z.number() });

/** clients → server: what happened, and the server checks its own state in answer. */
export const ClientsMessage = z.discriminatedUnion('type', [
  /** Listening: the start message would be lost before this. */
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('online'), figures: LoginFigures }),
  z.strictObject({ type: z.literal('raced') }),
  z.strictObject({
    type: z.literal('done'),
    /** Time from the first of the race's logins to a settled, verified state. */
    raceSettledMs: z.number(),
    peakRssBytes: z.number(),
    openFilesLimit: z.number(),
    problems: z.array(z.string()),
  }),
]);
export type ClientsMessage = z.infer<typeof ClientsMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  ClientsStart,
  z.strictObject({ type: z.literal('checked'), problems: z.array(z.string()) }),
  /** The race user's logins in the order the server admitted them (instance IDs), and the instances still online. */
  z.strictObject({ type: z.literal('race-state'), admitted: z.array(z.string()), online: z.array(z.string()) }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Open files each of the two processes needs: one socket per client, and some for Node itself. */
const openFilesNeeded = (config: ScaleConfig) => config.users + config.race + 256;

/** Starts a bench process written in TypeScript, with an IPC channel. */
export function forkTs(file: string, args: string[] = []) {
  return fork(fileURLToPath(new URL(file, import.meta.url)), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Runs the scale figures in their own processes; fails after `deadlineMs` rather than hang. */
export async function runScale(config: ScaleConfig, deadlineMs: number): Promise<ScaleResult> {
  // Node raises its soft limit on open files to the hard limit as it starts: the hard one counts.
  const needed = openFilesNeeded(ScaleConfig.parse(config));
  const { hard } = openFileLimit();
  if (hard < needed) {
    throw new Error(`bench: ${config.users} users and ${config.race} racing logins need ${needed} open files in each process, but the hard limit (ulimit -Hn) is ${hard}: raise it, or lower --users`);
  }
  const server = forkTs('./scale-server.ts', [JSON.stringify(config)]);
  let result: unknown;
  server.once('message', (m) => (result = m));
  const deadline = setTimeout(() => server.kill('SIGKILL'), deadlineMs);
  const code = await new Promise<number | null>((resolve) => server.once('exit', resolve));
  clearTimeout(deadline);
  if (result === undefined) throw new Error(`bench: the scale run ended without a result (exit ${code}${code === null ? `, stopped after ${deadlineMs / 1000} s` : ''})`);
  const parsed = ScaleResult.safeParse(result);
  if (!parsed.success) throw new Error(`bench: the scale server sent a malformed result (schema ScaleResult): ${parsed.error.message}`);
  return parsed.data;
}
