// Measuring a child process and everything it starts, from Linux's /proc:
// - CPU time: the kernel's own count for the children this process has reaped (the cutime and
//   cstime of /proc/self/stat), which includes their worker threads and the children they
//   reaped in turn (e.g. the driver process of a remote run);
// - idle share: the share of wall time during which the whole tree neither ran nor waited to
//   run. It is sampled: every SAMPLE_MS the time every thread of every process in the tree has
//   spent running and waiting for a core is read (/proc/PID/task/TID/schedstat, nanoseconds),
//   and a window counts as idle when that came to less than BUSY_FRACTION of one core. A run
//   that waits on a timer, a timeout or a slow handshake shows it here, however many cores the
//   rest of the run keeps busy; a run slowed down by other work on the machine does not (its
//   threads wait for a core: that is not idle).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const SAMPLE_MS = 20;
/** A window is busy when the tree used at least this share of one core in it. */
export const BUSY_FRACTION = 0.1;
export const IDLE_DEFINITION = `share of wall time (${SAMPLE_MS} ms windows) in which the run's processes and threads together ran or waited for a core less than ${BUSY_FRACTION * 100}% of one core's time`;
/** Clock ticks per second of /proc/PID/stat times (USER_HZ): 100 on every Linux architecture Node supports. */
const USER_HZ = 100;

export interface IdleStretch {
  /** Offset from the start of the run. */
  atMs: number;
  durationMs: number;
}

export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** User + system CPU time of the process tree. */
  cpuMs: number;
  /** 0..1, see IDLE_DEFINITION. */
  idleShare: number;
  /** The longest idle stretches (adjacent idle windows joined), longest first. */
  idleStretches: IdleStretch[];
}

/** The fields of a /proc/PID/stat line after the command name (index 0 is field 3, the state). */
function statFields(path: string): string[] | undefined {
  const line = readOrUndefined(path);
  return line?.slice(line.lastIndexOf(')') + 2).split(' ');
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process or thread has just ended
  }
}

/** CPU time of this process's reaped children, in ms (fields 16 and 17: cutime, cstime). */
function reapedChildrenCpuMs(): number {
  const f = statFields('/proc/self/stat');
  if (!f) throw new Error('bench: cannot read /proc/self/stat (the bench needs Linux)');
  return ((Number(f[13]) + Number(f[14])) * 1000) / USER_HZ;
}

/** Samples the CPU use of a process and its descendants. */
class TreeSampler {
  readonly #root: number;
  readonly #parentOf = new Map<number, number>();
  readonly #lastNs = new Map<string, number>();
  #lastAt = performance.now();
  /** Per window: the tree's time running or waiting for a core. */
  readonly windows: { atMs: number; durationMs: number; demandMs: number }[] = [];
  readonly #startedAt: number;

  constructor(root: number, startedAt: number) {
    this.#root = root;
    this.#startedAt = startedAt;
  }

  sample(): void {
    const demandNs = this.#treeDemandDeltaNs();
    const now = performance.now();
    this.windows.push({ atMs: this.#lastAt - this.#startedAt, durationMs: now - this.#lastAt, demandMs: demandNs / 1e6 });
    this.#lastAt = now;
  }

  #members(): number[] {
    const live = new Set<number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      live.add(pid);
      if (!this.#parentOf.has(pid)) {
        const ppid = statFields(`/proc/${pid}/stat`)?.[1];
        if (ppid !== undefined) this.#parentOf.set(pid, Number(ppid));
      }
    }
    for (const pid of this.#parentOf.keys()) if (!live.has(pid)) this.#parentOf.delete(pid); // a reused PID is read afresh
    const inTree = (pid: number): boolean => {
      for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = this.#parentOf.get(p), hops++) {
        if (p === this.#root) return true;
      }
      return false;
    };
    return [...live].filter(inTree);
  }

  /** Time running or runnable of every thread of the tree since the previous sample (a new thread: since it started). */
  #treeDemandDeltaNs(): number {
    let delta = 0;
    for (const pid of this.#members()) {
      let tids: string[];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      for (const tid of tids) {
        const [running, waiting] = (readOrUndefined(`/proc/${pid}/task/${tid}/schedstat`) ?? '').split(' ');
        const ns = Number(running) + Number(waiting);
        if (!Number.isFinite(ns)) continue;
        const key = `${pid}/${tid}`;
        delta += Math.max(0, ns - (this.#lastNs.get(key) ?? 0));
        this.#lastNs.set(key, ns);
      }
    }
    return delta;
  }
}

export function idleSummary(windows: TreeSampler['windows']): { idleShare: number; idleStretches: IdleStretch[] } {
  let total = 0;
  let idle = 0;
  const stretches: IdleStretch[] = [];
  let current: IdleStretch | undefined;
  for (const w of windows) {
    total += w.durationMs;
    if (w.demandMs < BUSY_FRACTION * w.durationMs) {
      idle += w.durationMs;
      if (current) current.durationMs += w.durationMs;
      else stretches.push((current = { atMs: w.atMs, durationMs: w.durationMs }));
    } else {
      current = undefined;
    }
  }
  stretches.sort((a, b) => b.durationMs - a.durationMs);
  return { idleShare: total > 0 ? idle / total : 0, idleStretches: stretches.slice(0, 5) };
}

/**
 * Runs a command to its end and measures it. Only one measured run at a time: the CPU figure is
 * the growth of this process's reaped-children time.
 */
export async function spawnMeasured(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  const cpuBefore = reapedChildrenCpuMs();
  const startedAt = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (child.pid === undefined) throw new Error(`bench: could not start ${command}`);
  const sampler = new TreeSampler(child.pid, startedAt);
  const timer = setInterval(() => sampler.sample(), SAMPLE_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  const wallMs = performance.now() - startedAt;
  clearInterval(timer);
  sampler.sample(); // the last partial window
  const cpuMs = reapedChildrenCpuMs() - cpuBefore;
  // Let the pipes drain after the exit.
  await new Promise<void>((resolve) => (child.stdout.readableEnded ? resolve() : child.stdout.once('end', () => resolve())));
  return { code, stdout, stderr, wallMs, cpuMs, ...idleSummary(sampler.windows) };
}

/** Soft and hard limits on open files of this process (/proc/self/limits). */
export function openFileLimit(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = (line ?? '').replace('Max open files', '').trim().split(/\s+/);
  const value = (v: string | undefined) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v));
  return { soft: value(soft), hard: value(hard) };
}

/** Peak resident set size of this process so far, in bytes (VmHWM). */
export function peakRssBytes(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}
