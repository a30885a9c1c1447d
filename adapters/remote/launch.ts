// The driver's side of a run, in the CLI's main process, before vitest starts: start the
// --driver-cmd process and wait for its "listening ws://HOST:PORT" line, handshake once (its
// answer is what every spec worker is given), and stop the process when the run is over.
// Problems here are configuration errors: the CLI exits 2 with the one-line message.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { AdapterLoadError } from '../registry.ts';
import { DriverLink } from './link.ts';
import { procStat } from './proc-stat.ts';
import type { HandshakeResult } from './protocol.ts';

export class DriverSetupError extends AdapterLoadError {}

/** How long a driver command may take to print its "listening" line. */
export const listenDeadlineMs = (timeoutMs: number) => Math.max(20_000, 2 * timeoutMs);

/** Handshakes with the driver at `url` and closes the connection: its name, SDK and capabilities. */
export interface LaunchedDriver {
  url: string;
  /** Set when the process ended before stop() was called: how it ended. */
  readonly exitedEarly: string | undefined;
  /** How the process ended, if it ends within `ms` (a connection lost a moment before its exit is seen). */
  endedWithin(ms: number): Promise<string | undefined>;
  /** Resolves when the process ends, with how it ended. */
  readonly ended: Promise<string>;
  /** Its last lines of output (stdout and stderr), for a message. */
  output(): string;
  /** Ends the process (its whole process group), gently first. */
  stop(): Promise<void>;
}

/**
 * Linux: whether a process group has a member that is not a zombie. A driver whose shell was
 * killed first is reaped by init, which some containers do late: until then the group still
 * answers kill(0), though nothing in it runs (measured: about 2 s of a remote run spent waiting).
 */
function groupHasLiveMember(pgid: number): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const [state, , pgrp] = procStat(Number(pid)) ?? [];
    if (Number(pgrp) === pgid && state !== undefined && state !== 'Z') return true;
  }
  return false;
}

/**
 * Runs `command` through the shell and resolves with the URL it prints ("listening ws://…").
 * A dial-in driver (`dialIn`: the suite's URL, in its environment as IMC_DRIVER_URL) prints
 * nothing: it resolves at once, and the caller waits for the driver's connection.
 */
export function launchDriver(command: string, { timeoutMs, dialIn }: { timeoutMs: number; dialIn?: string }): Promise<LaunchedDriver> {
  const posix = process.platform !== 'win32';
  const env = dialIn === undefined ? process.env : { ...process.env, IMC_DRIVER_URL: dialIn };
  // Its own process group, so stop() reaches the driver and not just the shell that started it.
  const child = spawn(command, { shell: true, detached: posix, stdio: ['ignore', 'pipe', 'pipe'], env });
  let tail = '';
  let stopping = false;
  let ended: string | undefined;
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  const lastLines = () => tail.trim().split('\n').slice(-3).join(' | ');
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', (e) => {
      ended = e.message;
      resolve();
    });
  });
  /** Whether anything of the driver is left: on POSIX its whole process group (the shell may end before the driver it started). */
  const running = (): boolean => {
    if (!posix || child.pid === undefined) return ended === undefined;
    try {
      process.kill(-child.pid, 0);
    } catch {
      return false;
    }
    return process.platform !== 'linux' || groupHasLiveMember(child.pid);
  };
  const signal = (sig: NodeJS.Signals) => {
    if (child.pid === undefined || !running()) return;
    try {
      if (posix) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  // The driver has its own process group, so a Ctrl-C in the terminal does not reach it: the CLI
  // stops it after the run, also an interrupted one (cli/engine/interrupt.ts); if the CLI exits first, it dies with it.
  const killOnExit = () => signal('SIGKILL');
  const unhook = () => process.off('exit', killOnExit);
  process.once('exit', killOnExit);

  const driver: LaunchedDriver = {
    url: '',
    get exitedEarly() {
      return stopping ? undefined : ended;
    },
    async endedWithin(ms) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
      return ended;
    },
    ended: exited.then(() => ended!),
    output: lastLines,
    async stop() {
      stopping = true;
      // The exit hook stays until the driver is gone: a process exit during the stop still kills it.
      if (!running()) {
        unhook();
        return;
      }
      signal('SIGTERM');
      const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
      // A process outside our children has no exit event: the group is polled, up to a deadline
      // (with a timer that keeps the CLI alive meanwhile: the caller awaits this).
      const gone = async (ms: number) => {
        const deadline = Date.now() + ms;
        await Promise.race([exited, timer(ms)]);
        while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        return !running();
      };
      if (!(await gone(3000))) {
        signal('SIGKILL');
        await gone(1000);
      }
      unhook();
    },
  };

  if (dialIn !== undefined) {
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    return Promise.resolve(Object.assign(driver, { url: dialIn }));
  }
  const launched = new Promise<LaunchedDriver>((resolve, reject) => {
    let line = '';
    let settled = false;
    const ms = listenDeadlineMs(timeoutMs);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void driver.stop();
      reject(new DriverSetupError(`the driver command ${why}: ${command}${tail.trim() ? ` (its last output: ${lastLines()})` : ''}`));
    };
    const deadline = setTimeout(() => fail(`did not print "listening ws://HOST:PORT" within ${ms} ms`), ms);
    const onStdout = (chunk: Buffer) => {
      keep(chunk);
      line += chunk.toString();
      const match = /\blistening\s+(wss?:\/\/\S+)/.exec(line);
      if (match && !settled) {
        settled = true;
        clearTimeout(deadline);
        child.stdout.off('data', onStdout).on('data', keep); // keep draining, or a chatty driver blocks
        resolve(Object.assign(driver, { url: match[1]! }));
      } else {
        line = line.slice(-1000);
      }
    };
    child.stdout.on('data', onStdout);
    child.stderr.on('data', keep);
    void exited.then(() => fail(`ended (${ended}) before printing "listening ws://HOST:PORT"`));
  });
  // The caller may await it only later (the driver starts while vitest loads): never unhandled.
  launched.catch(() => {});
  return launched;
}
