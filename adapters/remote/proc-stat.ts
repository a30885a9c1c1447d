// Linux /proc/PID/stat, read in one place: the driver launcher (is a process group still alive?),
// the bench (CPU of a process tree) and the interrupt self-test (did the driver stop?).
import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/PID/stat after the command name, which may itself hold spaces and
 * parentheses: index 0 is the state (field 3: R, S, Z…), 1 the parent, 2 the process group.
 * Undefined when there is no such process (or no /proc).
 */
export function procStat(pid: number | 'self'): string[] | undefined {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return line.slice(line.lastIndexOf(')') + 2).split(' ');
}
