// Deadlines that follow the link, not the machine the suite was written on. Before the specs,
// one deployment logs a user in on a few new clients and the round trips are timed; the per-call
// deadline and the guard on a whole spec are scaled from the slowest typical call. A correct
// implementation behind a slow link or on a loaded machine then meets them; a hung one still
// fails each call's deadline. `--timeout` overrides the per-call deadline.
import { performance } from 'node:perf_hooks';
import type { Adapter, Client, LinkConditions } from '../../adapters/contract.ts';
import { startOptionsOf } from '../../adapters/options.ts';
import { withDeadline } from '../../fixtures/checked-adapter.ts';
import { emptyFootprint, type Footprint } from '../../fixtures/footprint.ts';
import { DEFAULT_SPEC_GUARD_MS, DEFAULT_TIMEOUT_MS } from '../../fixtures/run-config.ts';

/**
 * A new client, init, login and settle, this many times: the median of each is what a spec's calls
 * cost. Nothing else is called (no logout, no unInit): what the calibration touches is what every
 * spec needs anyway, so an adapter that breaks elsewhere still fails in the spec that shows it.
 */
const ROUNDS = 3;
/** No calibration call waits longer, whatever --timeout says: the calibration only informs the deadlines. */
const CALIBRATION_LIMIT_MS = 60_000;
/** A call may take this many typical round trips before it has missed its deadline. */
const DEADLINE_ROUND_TRIPS = 20;
/** A whole spec may take this many typical round trips (the longest, the model, makes a few thousand, many at once). */
const GUARD_ROUND_TRIPS = 20_000;

export interface Timing {
  /** The slowest median of the timed calls (init, login, settle), ms; undefined when not calibrated. */
  roundTripMs?: number;
  /** Each timed call's median, ms. */
  medians?: Record<string, number>;
  /** The deadline of every adapter call, and where it came from. */
  callDeadlineMs: number;
  deadlineFrom: 'default' | 'calibration' | '--timeout';
  /** What each call already in flight in the same worker adds to a call's deadline (ms). */
  loadRoundTripMs: number;
  /** The guard on a whole spec: ended there, a spec is not tested (never failed). */
  specGuardMs: number;
  /** Why the calibration could not be used (its deadlines are then the defaults). */
  calibrationError?: string;
}

export interface Calibrated {
  timing: Timing;
  /** What the calibration cost the service (it is part of the run's footprint). */
  footprint: Footprint;
}

/** What the calibration itself uses of the service: one deployment, ROUNDS instances and logins of one account. */
export const CALIBRATION_FOOTPRINT: Footprint = { deployments: 1, instances: ROUNDS, logins: ROUNDS, accounts: 1, serverCalls: 0 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Times a few round trips on one deployment of the adapter (with the run's link conditions). */
export async function calibrate(adapter: Adapter, o: { link?: LinkConditions; timeoutMs?: number }): Promise<Calibrated> {
  const footprint = emptyFootprint();
  // Generous while measuring: the deadlines are not known yet. A hung adapter still ends here.
  const limit = Math.min(o.timeoutMs ?? 10 * DEFAULT_TIMEOUT_MS, CALIBRATION_LIMIT_MS);
  const times: Record<string, number[]> = { init: [], login: [], settle: [] };
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    const value = await withDeadline(`calibration: ${name}`, limit, work);
    times[name]?.push(performance.now() - began);
    return value;
  };
  let stop: (() => Promise<void>) | undefined;
  try {
    footprint.deployments++;
    const harness = await timed('start', () => adapter.start(startOptionsOf(adapter, o.link)));
    stop = () => harness.stop();
    const user = 'imc_calibration';
    for (let round = 0; round < ROUNDS; round++) {
      footprint.instances++;
      const client: Client = await timed('createClient', () => harness.createClient({ platform: adapter.platforms?.[0] ?? 'android', onEvent: () => {} }));
      await timed('init', () => client.init());
      const sig = await timed('issueSig', () => harness.issueSig(user));
      footprint.logins++;
      await timed('login', () => client.login(user, sig));
      if (round === 0) footprint.accounts++;
      await timed('settle', () => harness.settle());
    }
    const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
    const roundTripMs = Math.max(...Object.values(medians));
    const fromCalibration = Math.max(DEFAULT_TIMEOUT_MS, Math.ceil(DEADLINE_ROUND_TRIPS * roundTripMs));
    const timing: Timing = {
      roundTripMs,
      medians,
      callDeadlineMs: o.timeoutMs ?? fromCalibration,
      deadlineFrom: o.timeoutMs !== undefined ? '--timeout' : fromCalibration > DEFAULT_TIMEOUT_MS ? 'calibration' : 'default',
      specGuardMs: specGuard(roundTripMs, o.timeoutMs ?? fromCalibration),
      loadRoundTripMs: loadRoundTrip(roundTripMs, o.timeoutMs ?? fromCalibration),
    };
    return { timing, footprint };
  } catch (e) {
    const callDeadlineMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return {
      timing: {
        callDeadlineMs,
        deadlineFrom: o.timeoutMs !== undefined ? '--timeout' : 'default',
        specGuardMs: specGuard(undefined, callDeadlineMs),
        loadRoundTripMs: loadRoundTrip(undefined, callDeadlineMs),
        calibrationError: (e as Error).message.split('\n')[0]!,
      },
      footprint,
    };
  } finally {
    await stop?.().catch(() => {});
  }
}

/**
 * What a call already in flight adds to another's deadline: the calibrated round trip, and at
 * least a twentieth of the call deadline (a loaded machine serves a crowd slower than one call).
 */
function loadRoundTrip(roundTripMs: number | undefined, callDeadlineMs: number): number {
  return Math.max(roundTripMs ?? 0, callDeadlineMs / DEADLINE_ROUND_TRIPS);
}

/** The longest a timer waits (2^31 - 1 ms), less vitest's backstop behind the guard. */
const MAX_GUARD_MS = 2 ** 31 - 1 - 120_000;

/** The guard on a whole spec: many typical round trips, and never less than twenty call deadlines. */
function specGuard(roundTripMs: number | undefined, callDeadlineMs: number): number {
  return Math.min(MAX_GUARD_MS, Math.max(DEFAULT_SPEC_GUARD_MS, Math.ceil(GUARD_ROUND_TRIPS * (roundTripMs ?? 0)), 20 * callDeadlineMs));
}
