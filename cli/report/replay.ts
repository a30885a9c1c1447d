// The command that reruns one spec: same adapter argument, same seed, the full title,
// and the fast-check path when the spec is a property that failed.
export interface ReplayInput {
  /** The --adapter argument exactly as the user gave it. */
  adapterArg: string;
  /** For the remote adapter: how to reach the driver again (--driver-cmd CMD, or --driver URL). */
  driverFlags?: string[];
  seed: number;
  title: string;
  path?: string;
  /** Only when the run was given a non-default --timeout. */
  timeoutMs?: number;
  /** Only when the run was given --runs (a property's cases, hence its replay path, depend on it). */
  runs?: number;
  /** Only when the run had --latency/--jitter: a failure behind a slow link is replayed behind it. */
  link?: { delayMs: number; jitterMs: number };
}

/** POSIX shell quoting: words of safe characters stay bare, anything else is single-quoted. */
export function shellQuote(word: string, always = false): string {
  if (!always && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function replayCommand(r: ReplayInput): string {
  const driver = r.driverFlags?.length ? ` ${r.driverFlags.map((w) => shellQuote(w)).join(' ')}` : '';
  let cmd = `npx im-conformance run --adapter ${shellQuote(r.adapterArg)}${driver} --seed ${r.seed} --test ${shellQuote(r.title, true)}`;
  if (r.path !== undefined) cmd += ` --path ${shellQuote(r.path, true)}`;
  if (r.runs !== undefined) cmd += ` --runs ${r.runs}`;
  if (r.timeoutMs !== undefined) cmd += ` --timeout ${r.timeoutMs}`;
  if (r.link !== undefined) cmd += ` --latency ${r.link.delayMs}${r.link.jitterMs ? ` --jitter ${r.link.jitterMs}` : ''}`;
  return cmd;
}
