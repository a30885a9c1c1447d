// How a command talks to the person who ran it: its output, its errors and the run's progress.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Where a run reports its progress (the process's stderr); none when left out. */
  progress?: { write(text: string): void; isTTY?: boolean };
}
