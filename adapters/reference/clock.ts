// Virtual time for the reference: the server reads the time only from here, so a spec can
// make a ticket expire in a millisecond instead of a day. No real timer exists anywhere.

interface Timer {
  atMs: number;
  seq: number; // ties at the same time run in scheduling order
  fn: () => void;
}

export class VirtualClock {
  #nowMs: number;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(startMs: number = Date.now()) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  /** Runs `fn` once the clock reaches `atMs`; returns a cancel function. */
  setTimer(atMs: number, fn: () => void): () => void {
    const timer: Timer = { atMs, seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /**
   * Moves time forward, running every timer that falls due, in time order, synchronously:
   * whatever a timer causes (e.g. a push) has happened when this returns. A timer scheduled
   * by another timer still runs if it falls within the advanced span.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Expected a non-negative number of milliseconds but got ${ms}`);
    const targetMs = this.#nowMs + ms;
    for (let next = this.#nextDue(targetMs); next; next = this.#nextDue(targetMs)) {
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#nowMs = Math.max(this.#nowMs, next.atMs);
      next.fn();
    }
    this.#nowMs = targetMs;
  }

  #nextDue(targetMs: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers) {
      if (t.atMs > targetMs) continue;
      if (!best || t.atMs < best.atMs || (t.atMs === best.atMs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
