// Ctrl-C (SIGINT) or SIGTERM during `im-conformance run`. The first signal while the specs run
// stops the run: vitest aborts the running specs and skips the rest, the reporter writes the
// partial report marked "interrupted", the CLI then stops the driver it started, and the command
// exits 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM). A second signal, or one that
// comes while no spec runs, ends the process at once (a driver the CLI started dies with it).
import { constants } from 'node:os';
import type { Reporter, Vitest } from 'vitest/node';
import { InterruptSignal } from '../report/report-schema.ts';

const INTERRUPT_SIGNALS = InterruptSignal.options;

export const interruptExitCode = (signal: InterruptSignal): number => 128 + constants.signals[signal];

/** After the first signal, the run has this long to stop and write its report before the process ends anyway. */
export const STOP_WITHIN_MS = 15_000;

type Listener = (...args: unknown[]) => void;

export class Interrupt {
  /** The first signal received. */
  signal: InterruptSignal | undefined;
  private stopRun: ((signal: InterruptSignal) => void) | undefined;
  /** Ends the process if the run does not stop in time; cleared once the report is written. */
  private stopDeadline: NodeJS.Timeout | undefined;
  private readonly listener = (signal: NodeJS.Signals) => this.receive(signal as InterruptSignal);

  constructor(private readonly say: (text: string) => void) {
    for (const s of INTERRUPT_SIGNALS) process.on(s, this.listener);
  }

  /**
   * A vitest reporter that hands the signals to us for one run, and calls `onStop` before
   * cancelling it. vitest's logger installs its own listeners, which end the process a
   * millisecond after the signal with no report: they are removed once vitest is up.
   */
  reporter(onStop: (signal: InterruptSignal) => void): Reporter {
    const before = new Map(INTERRUPT_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
    return {
      onInit: (vitest: Vitest) => {
        for (const s of INTERRUPT_SIGNALS) {
          for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l as Listener);
        }
        this.stopRun = (signal) => {
          onStop(signal);
          void vitest.cancelCurrentRun('keyboard-input');
        };
      },
    };
  }

  /** The run is over (or never started): from now on a signal ends the process at once. */
  release(): void {
    this.stopRun = undefined;
    clearTimeout(this.stopDeadline);
  }

  dispose(): void {
    this.release();
    for (const s of INTERRUPT_SIGNALS) process.off(s, this.listener);
  }

  private receive(signal: InterruptSignal): void {
    const first = this.signal === undefined;
    this.signal ??= signal;
    if (!first || this.stopRun === undefined) {
      this.say(`im-conformance: ${signal}: ending now\n`);
      process.exit(interruptExitCode(this.signal));
    }
    this.say(`im-conformance: ${signal}: stopping the run and writing a partial report (send it again to end at once)\n`);
    this.stopDeadline = setTimeout(() => {
      this.say(`im-conformance: the run did not stop within ${STOP_WITHIN_MS / 1000} s of ${signal}: ending now, without a report\n`);
      process.exit(interruptExitCode(signal));
    }, STOP_WITHIN_MS).unref();
    this.stopRun(signal);
  }
}
