// reports/bench.json: the figures of one `npm run bench`, checked before they are written.
import { z } from 'zod';

const ms = z.number().nonnegative();
const share = z.number().min(0).max(1);
const bytes = z.number().int().nonnegative();

export const IdleStretch = z.strictObject({ atMs: ms, durationMs: ms });

/** One CLI run, measured from outside (bench/proc.ts). */
export const MeasuredRun = z.strictObject({
  wallMs: ms,
  /** User + system CPU of the run's process tree (worker threads and child processes included). */
  cpuMs: ms,
  idleShare: share,
  /** The longest idle stretches, longest first: where to look when the idle share is high. */
  idleStretches: z.array(IdleStretch),
});

export const Throughput = z.strictObject({
  specs: z.array(z.string()).min(1),
  /** The two --runs values; cases per second is the slope between them. */
  runs: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  casesPerSecond: z.number().positive(),
});

export const ScaleResult = z.strictObject({
  users: z.number().int().positive(),
  race: z.number().int().positive(),
  /** How the load was made: which client, which processes. */
  method: z.string(),
  /** Opening every user's connection (init), before the logins. */
  connectMs: ms,
  loginsPerSecond: z.number().positive(),
  loginP50Ms: ms,
  loginP99Ms: ms,
  server: z.strictObject({
    /** Resident memory once every user was verified online. */
    rssAllOnlineBytes: bytes,
    /** Peak resident memory of the server process over the whole scale run (race included). */
    peakRssBytes: bytes,
    openFilesLimit: z.number().int().positive(),
  }),
  clients: z.strictObject({ peakRssBytes: bytes, openFilesLimit: z.number().int().positive() }),
  /** From the first of the race's concurrent logins to a settled state, checked on both sides. */
  raceSettledMs: ms,
  /** Empty when every check held: all users online, exactly one race survivor (the newest), one kick for each of the others. */
  problems: z.array(z.string()),
});
export type ScaleResult = z.infer<typeof ScaleResult>;

/** The full run behind a link of a given round trip (--latency half of it each way, jitter a tenth). */
export const LinkRun = z.strictObject({
  roundTripMs: ms,
  wallMs: ms,
  /**
   * The run's critical path: its longest spec. Specs are independent of each other and run side
   * by side, so no schedule finishes before the longest one; wall / critical path says how close
   * the run comes to that (startup and calibration included in the wall).
   */
  criticalPathMs: ms,
  criticalPathSpec: z.string(),
  ratio: z.number().positive(),
  conformant: z.boolean(),
});
export type LinkRun = z.infer<typeof LinkRun>;

export const BenchReport = z.strictObject({
  schemaVersion: z.literal(1),
  timestamp: z.iso.datetime(),
  machine: z.strictObject({
    cores: z.number().int().positive(),
    cpuModel: z.string(),
    totalMemoryBytes: bytes,
    node: z.string(),
    platform: z.string(),
  }),
  quick: z.boolean(),
  idle: z.strictObject({
    definition: z.string(),
    /** A child that sleeps 1 s, then spins 1 s: the idle share must come out near one half. */
    selfCheck: z.strictObject({ idleShare: share, ok: z.boolean() }),
  }),
  /** `im-conformance run --adapter reference`, every rule (or the --quick selection). */
  fullRun: MeasuredRun.extend({ rules: z.number().int().nonnegative(), selection: z.string().optional() }),
  properties: z.strictObject({ userId: Throughput, model: Throughput }),
  /** The full run behind links of 0, 100 and 300 ms round trip. */
  links: z.array(LinkRun),
  /** The same selection through the sample driver (a separate process) against in-process, in this bench run. */
  remote: MeasuredRun.extend({ driverCmd: z.string(), ratio: z.number().positive() }),
  /** The same through the browser driver (the reference client in headless Chromium, dialing in); absent without Chromium. */
  browser: MeasuredRun.extend({ driverCmd: z.string(), ratio: z.number().positive(), conformant: z.boolean() }).optional(),
  scale: ScaleResult,
  goals: z.strictObject({
    idleUnder5Percent: z.boolean(),
    usersOnlineUnder1GiB: z.boolean(),
  }),
  durationMs: ms,
});
export type BenchReport = z.infer<typeof BenchReport>;
