// What `im-conformance run` does around the run itself: --list (a dry run), the zero-spec guard,
// --repeat (N runs with different seeds, flaky rules), --baseline (gate on regressions only) and
// --write-baseline. Everything that can be refused is refused in prepareSession, before vitest loads.
import { access } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED } from '../../fixtures/run-config.ts';
import type { Rule } from '../../specs/catalog.ts';
import type { Io } from '../io.ts';
import type { RunOptions, RunResult } from './run.ts';
import { baselineFromReport, checkBaseline, loadBaseline, writeBaseline, type Baseline } from '../report/baseline.ts';
import { SUITE } from '../../specs/suite.ts';
import { UsageError } from '../errors.ts';
import { writeReportFiles } from '../report/outputs.ts';
import { combineRepeats, repeatSeeds } from '../report/repeat.ts';
import { shellQuote } from '../report/replay.ts';
import type { ConformanceReport } from '../report/report-schema.ts';
import { isNoSpecError } from './reporter.ts';
import { planSelection } from './select.ts';
import { renderBaselineConsole, renderConsoleSummary } from '../report/summary.ts';

export interface SessionRequest {
  /** --list: print what would run, run nothing. */
  list?: boolean;
  /** --repeat N: run the selection N times with seeds seed, seed+1, … */
  repeat?: number;
  /** --baseline FILE */
  baseline?: string;
  /** --write-baseline FILE */
  writeBaseline?: string;
  /** The `run` arguments as given, for the command that updates the baseline. */
  argv?: readonly string[];
}

export interface Session {
  /** Set when the request was answered without a run (--list). */
  exitCode?: number;
  /** Runs (once, or --repeat times, with `runner`: runConformance) and applies the baseline; the exit code of the command. */
  run(runner?: RunFn): Promise<{ exitCode: number; report: ConformanceReport | undefined }>;
}

type RunFn = (o: RunOptions) => Promise<RunResult>;

const exists = (file: string) => access(file).then(() => true, () => false);
const lastLine = (s: string) => s.trimEnd().split('\n').at(-1) ?? '';
const specCount = (r: ConformanceReport) => r.rules.reduce((n, rule) => n + rule.specs.length, 0);

/** Never a vacuous pass: a selection of rules that are all marked untested in the catalog can run no spec (exit 2). */
export function refuseZeroSpecs(o: Pick<RunOptions, 'rules' | 'test' | 'shard'>, selected: readonly Rule[]): void {
  if (o.test !== undefined || selected.some((r) => r.untested === undefined)) return;
  const what = o.shard ? `--shard ${o.shard.index}/${o.shard.total}` : o.rules !== undefined ? `--rules "${o.rules}"` : 'the catalog';
  throw new UsageError(`the selection runs zero specs: ${what} selects only rules that are not tested yet (${selected.map((r) => r.id).join(', ')})`);
}

/** Validates everything that can be checked without running, and answers --list. */
export async function prepareSession(o: RunOptions, req: SessionRequest, io: Io): Promise<Session> {
  const { selected } = planSelection(o);
  const repeat = req.repeat ?? 1;
  if (repeat > 1 && o.path !== undefined) throw new UsageError('--repeat runs other seeds, but a --path belongs to one seed: drop one of them');
  if (req.writeBaseline !== undefined && o.test !== undefined) throw new UsageError('--write-baseline needs a run of rules, not of one spec (--test)');
  // A baseline judged by other rules is refused, unless this run writes it again.
  const rewritten = req.writeBaseline !== undefined && req.writeBaseline === req.baseline;
  const baseline = req.baseline === undefined ? undefined : await loadBaseline(req.baseline, rewritten ? undefined : SUITE.catalog);
  // The file --write-baseline replaces: its reasons are kept where the expectation did not change.
  let previous: Baseline | undefined;
  if (req.writeBaseline !== undefined) {
    previous = rewritten ? baseline : (await exists(req.writeBaseline)) ? await loadBaseline(req.writeBaseline) : undefined;
  }
  refuseZeroSpecs(o, selected);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (req.list) {
    const { listCommand } = await import('./list.ts');
    return { exitCode: await listCommand(o, selected, root, io), run: () => Promise.reject(new Error('--list runs nothing')) };
  }
  return {
    run: async (runner?: RunFn) => {
      const run = runner ?? (await import('./run.ts')).runConformance;
      return runSession(o, req, { baseline, previous, repeat }, run, io);
    },
  };
}

async function runSession(
  o: RunOptions,
  req: SessionRequest,
  ctx: { baseline: Baseline | undefined; previous: Baseline | undefined; repeat: number },
  run: RunFn,
  io: Io,
): Promise<{ exitCode: number; report: ConformanceReport | undefined }> {
  const outDir = resolve(o.outDir ?? 'reports');
  const reports: ConformanceReport[] = [];
  if (ctx.repeat === 1) {
    const result = await run(o);
    if (!result.report) return { exitCode: 1, report: undefined };
    if (result.report.interrupted) return { exitCode: result.exitCode, report: result.report }; // partial: no baseline
    reports.push(result.report);
  } else {
    const seeds = repeatSeeds(o.seed ?? DEFAULT_SEED, ctx.repeat);
    for (const [k, seed] of seeds.entries()) {
      // The first run writes reports/ as usual; the others go under reports/repeat/, the combined report over the first.
      const dir = k === 0 ? outDir : join(outDir, 'repeat', `seed-${seed}`);
      let printed = '';
      const result = await run({ ...o, seed, outDir: dir, print: (t) => (printed += t) });
      if (!result.report || result.report.interrupted) {
        io.out(printed);
        return { exitCode: result.report ? result.exitCode : 1, report: result.report };
      }
      io.out(`run ${k + 1}/${seeds.length} · seed ${seed}: ${lastLine(printed)}\n`);
      reports.push(result.report);
    }
  }
  const report = combineRepeats(reports);

  // Never a vacuous pass: a run in which no spec ran at all is a request that checks nothing.
  if (specCount(report) === 0 && report.errors.every(isNoSpecError)) {
    io.err(`im-conformance: zero specs ran, nothing was checked: ${report.errors[0] ?? 'the selection has no spec'}\n`);
    return { exitCode: 2, report };
  }
  if (ctx.baseline && req.baseline !== undefined) report.baseline = checkBaseline(report, ctx.baseline, req.baseline);
  if (ctx.repeat > 1 || report.baseline) await writeReportFiles(outDir, report);
  const rel = relative(process.cwd(), outDir) || '.';
  if (ctx.repeat > 1) io.out('\n' + renderConsoleSummary(report, rel.startsWith('..') ? outDir : rel));
  if (report.baseline) {
    if (ctx.baseline?.adapter !== undefined && ctx.baseline.adapter !== report.adapter.name) {
      io.out(`\nnote: the baseline ${req.baseline} was written for adapter ${ctx.baseline.adapter}, this run is of ${report.adapter.name}\n`);
    }
    io.out(renderBaselineConsole(report.baseline, report.rules, updateCommand(req)));
  }
  if (req.writeBaseline !== undefined) {
    if (report.errors.length) {
      io.out(`baseline not written: ${req.writeBaseline} would record a run with errors outside tests (see above)\n`);
      return { exitCode: 1, report };
    }
    const written = baselineFromReport(report, ctx.previous);
    await writeBaseline(req.writeBaseline, written);
    const n = Object.keys(written.rules).length;
    io.out(`baseline written: ${req.writeBaseline} (${n} rule${n === 1 ? '' : 's'} expected not to pass; every other rule is expected not to fail)\n`);
    // The new baseline matches this run by construction.
    return { exitCode: 0, report };
  }
  if (report.baseline) return { exitCode: report.baseline.ok && report.errors.length === 0 ? 0 : 1, report };
  return { exitCode: report.conformant ? 0 : 1, report };
}

/** The same run, writing the baseline it was compared with. */
function updateCommand(req: SessionRequest): string | undefined {
  if (req.argv === undefined || req.baseline === undefined) return undefined;
  const args = [...req.argv];
  if (!args.some((a) => a === '--write-baseline' || a.startsWith('--write-baseline='))) args.push('--write-baseline', req.baseline);
  return `npx im-conformance run ${args.map((a) => shellQuote(a)).join(' ')}`;
}
