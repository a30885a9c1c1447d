// The suite's own speed: conformance runs through the CLI, as a user starts them (a child
// process each), measured with bench/proc.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReport, type ConformanceReport } from '../cli/report/report-schema.ts';
import { spawnMeasured, type Measured } from './proc.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The sample driver, as README and examples/driver-node/README.md start it. */
export const SAMPLE_DRIVER_CMD = 'node --import tsx examples/driver-node/driver.ts';
export const BROWSER_DRIVER_CMD = 'node --import tsx examples/driver-browser/host.ts --dial "$IMC_DRIVER_URL"';
export const CHROMIUM = process.env.IMC_CHROMIUM ?? '/usr/bin/chromium';

export interface CliRun extends Omit<Measured, 'stdout' | 'stderr'> {
  report: ConformanceReport;
}

/** `im-conformance run ARGS` into a temporary --out; the run must be conformant. */
export async function runCli(args: string[]): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'imc-bench-'));
  try {
    const { stdout, stderr, ...measured } = await spawnMeasured(process.execPath, ['bin/im-conformance.js', 'run', ...args, '--out', out], { cwd: PROJECT_ROOT });
    if (measured.code !== 0) throw new Error(`bench: "im-conformance run ${args.join(' ')}" exited ${measured.code}\n${stderr}${stdout}`);
    const report = parseReport(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')));
    return { ...measured, report };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The full titles of the property specs in a spec file: those whose body hands its context to property(). */
export function propertyTitles(specFile: string): string[] {
  const source = readFileSync(join(PROJECT_ROOT, specFile), 'utf8');
  const titles: string[] = [];
  for (const chunk of source.split(/(?=\bspec\()/)) {
    const head = /^spec\('([^']+)', '((?:[^'\\]|\\.)*)', async \(\w+, (\w+)\)/.exec(chunk);
    if (head && chunk.includes(`property(${head[3]},`)) titles.push(`${head[1]}: ${head[2]!.replace(/\\(.)/g, '$1')}`);
  }
  if (titles.length === 0) throw new Error(`bench: found no property spec in ${specFile}`);
  return titles;
}

export interface Throughput {
  specs: string[];
  runs: [number, number];
  /** Cases per second: extra cases over the extra time they took (the slope), so a spec's set-up does not count. */
  casesPerSecond: number;
}

/** Cases per second of the property specs of a file: the same selection run with `runs` cases each, twice. */
export async function propertyThroughput(specFile: string, runs: [number, number]): Promise<Throughput> {
  const titles = propertyTitles(specFile);
  const rules = [...new Set(titles.map((t) => t.slice(0, t.indexOf(':'))))].join(',');
  const durations: number[] = [];
  for (const n of runs) {
    const { report } = await runCli(['--adapter', 'reference', '--rules', rules, '--runs', String(n)]);
    const specs = new Map(report.rules.flatMap((r) => r.specs).map((s) => [s.title, s]));
    durations.push(
      titles.reduce((sum, title) => {
        const s = specs.get(title);
        if (!s) throw new Error(`bench: the property spec "${title}" is not in the report of --rules ${rules}`);
        return sum + s.durationMs;
      }, 0),
    );
  }
  const extraCases = titles.length * (runs[1] - runs[0]);
  const extraMs = durations[1]! - durations[0]!;
  if (extraMs <= 0) throw new Error(`bench: ${specFile} took no longer with ${runs[1]} runs than with ${runs[0]}: no slope to measure`);
  return { specs: titles, runs, casesPerSecond: extraCases / (extraMs / 1000) };
}
