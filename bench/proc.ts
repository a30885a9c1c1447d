// Measuring a child process and everything it starts, from Linux's /proc:
// - CPU time (user + system) of the whole tree, worker threads included: the kernel's count for
//   the children this process has reaped (cutime and cstime of /proc/self/stat, which take in
//   what they reaped in turn), or the sum of the samples below when that is larger: a
//   descendant whose parent did not wait for it (a driver behind `sh -c`, orphaned when the
//   shell is killed) is reaped by init, and its time never reaches us through the kernel's count;
// - idle share: the share of wall time during which the whole tree neither ran nor waited to
//   run. It is sampled: every SAMPLE_MS the time every thread of every process in the tree has
//   spent running and waiting for a core is read (/proc/PID/task/TID/schedstat, nanoseconds),
//   and a window counts as idle when that came to less than BUSY_FRACTION of one core. A run
//   that waits on a timer, a timeout or a slow handshake shows it here, however many cores the
//   rest of the run keeps busy; a run slowed down by other work on the machine does not (its
//   threads wait for a core: that is not idle).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { procStat } from '../adapters/remote/proc-stat.ts';

export const SAMPLE_MS = 20;
/** New processes are looked for every this many samples (listing /proc is the dearest part). */
const SCAN_EVERY = 5;
/**
 * How long a new process can go unseen: its time until then counts in the window it is found
 * in, so the windows before can show idle. A tree that starts a process can show up to this
 * much idle time that it did not have.
 */
export const DISCOVERY_MS = SCAN_EVERY * SAMPLE_MS;
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


/** CPU time of this process's reaped children, in ms (fields 16 and 17: cutime, cstime). */
function reapedChildrenCpuMs(): number {
  const f = procStat('self');
  if (!f) throw new Error('bench: cannot read /proc/self/stat (the bench needs Linux)');
  return ((Number(f[13]) + Number(f[14])) * 1000) / USER_HZ;
}

interface Thread {
  fd: number;
  running: number;
  waiting: number;
}

/**
 * Samples the CPU demand of a process and its descendants. Each thread's schedstat file stays
 * open and is re-read in place (one system call a thread a sample). New threads of the tree's
 * processes are looked for at every sample, new processes every SCAN_EVERY samples (see
 * DISCOVERY_MS); a new thread's time so far counts in the window it is found in.
 * The sampler costs 1-2% of one core.
 */
class TreeSampler {
  #samples = 0;
  #members: number[] = [];
  readonly #parentOf = new Map<number, number>();
  readonly #tree: Set<number>;
  readonly #threads = new Map<string, Thread>();
  readonly #buffer = Buffer.alloc(256);
  #lastAt = performance.now();
  /** Per window: the tree's time running, and running or waiting for a core. */
  readonly windows: { atMs: number; durationMs: number; demandMs: number; runMs: number }[] = [];
  readonly #startedAt: number;

  constructor(root: number, startedAt: number) {
    this.#tree = new Set([root]);
    this.#startedAt = startedAt;
  }

  sample(): void {
    if (this.#samples++ % SCAN_EVERY === 0) this.#members = this.#scan();
    this.#discover();
    let running = 0;
    let waiting = 0;
    for (const [key, thread] of this.#threads) {
      const now = this.#read(thread.fd);
      if (!now) {
        closeSync(thread.fd); // the thread has ended
        this.#threads.delete(key);
        continue;
      }
      running += Math.max(0, now.running - thread.running);
      waiting += Math.max(0, now.waiting - thread.waiting);
      Object.assign(thread, now);
    }
    const at = performance.now();
    this.windows.push({ atMs: this.#lastAt - this.#startedAt, durationMs: at - this.#lastAt, demandMs: (running + waiting) / 1e6, runMs: running / 1e6 });
    this.#lastAt = at;
  }

  close(): void {
    for (const thread of this.#threads.values()) closeSync(thread.fd);
    this.#threads.clear();
  }

  /** schedstat: nanoseconds running, nanoseconds waiting on a run queue, time slices. */
  #read(fd: number): { running: number; waiting: number } | undefined {
    try {
      const [running, waiting] = this.#buffer.toString('latin1', 0, readSync(fd, this.#buffer, 0, this.#buffer.length, 0)).split(' ').map(Number);
      return running !== undefined && waiting !== undefined && Number.isFinite(running + waiting) ? { running, waiting } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Opens the schedstat of every thread of the tree not yet followed; they start from zero. */
  #discover(): void {
    for (const pid of this.#members) {
      let tids: string[];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue; // ended
      }
      for (const tid of tids) {
        const key = `${pid}/${tid}`;
        if (this.#threads.has(key)) continue;
        try {
          this.#threads.set(key, { fd: openSync(`/proc/${pid}/task/${tid}/schedstat`, 'r'), running: 0, waiting: 0 });
        } catch {
          // ended
        }
      }
    }
  }

  /**
   * The tree's live processes. A process joins when its parent is a member, and stays while it
   * lives, even orphaned (its parent gone, it now belongs to init).
   */
  #scan(): number[] {
    const live = new Set(readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number));
    for (const pid of this.#parentOf.keys()) {
      if (!live.has(pid)) {
        this.#parentOf.delete(pid); // a reused PID is read afresh
        this.#tree.delete(pid);
      }
    }
    const fresh: number[] = [];
    for (const pid of live) {
      if (this.#parentOf.has(pid)) continue;
      this.#parentOf.set(pid, Number(procStat(pid)?.[1]));
      fresh.push(pid);
    }
    // A child and its own child may both be new: repeat until nothing more joins.
    for (let joined = true; joined; ) {
      joined = false;
      for (const pid of fresh) {
        if (!this.#tree.has(pid) && this.#tree.has(this.#parentOf.get(pid) ?? -1)) {
          this.#tree.add(pid);
          joined = true;
        }
      }
    }
    return [...this.#tree].filter((pid) => live.has(pid));
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
  sampler.close();
  const sampledCpuMs = sampler.windows.reduce((sum, w) => sum + w.runMs, 0);
  const cpuMs = Math.max(reapedChildrenCpuMs() - cpuBefore, sampledCpuMs);
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
