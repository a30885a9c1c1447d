// `im-conformance merge A.json B.json …`: joins the conformance.json files of the shards of one run
// (or of runs over disjoint --rules) into one report, as if it had been one run. Refuses inputs that
// cannot be one run: another adapter or seed, a missing or repeated shard, a rule reported twice.
import { cp, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { sumFootprints } from '../../fixtures/footprint.ts';
import type { Io } from '../io.ts';
import { CATALOG } from '../../specs/catalog.ts';
import { suiteText } from '../../specs/suite.ts';
import { isConformant, totalsOf } from '../report/aggregate.ts';
import { parseFlags } from '../args.ts';
import { checkBaseline, loadBaseline } from '../report/baseline.ts';
import { readReport } from '../report/outputs.ts';
import { UsageError } from '../errors.ts';
import { writeReportFiles } from '../report/outputs.ts';
import type { ConformanceReport, RuleReport } from '../report/report-schema.ts';
import { renderBaselineConsole, renderConsoleSummary } from '../report/summary.ts';

export interface MergeInput {
  file: string;
  report: ConformanceReport;
}

const partName = (i: MergeInput) => (i.report.shard ? `shard ${i.report.shard.index}/${i.report.shard.total}` : i.file);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The merged report (pure). Throws UsageError with one line when the inputs are not parts of one run. */
export function mergeReports(inputs: readonly MergeInput[]): ConformanceReport {
  if (inputs.length === 0) throw new UsageError('merge needs at least one report: im-conformance merge A.json B.json … [--out DIR]');
  const first = inputs[0]!;
  for (const input of inputs.slice(1)) {
    const [a, b] = [first.report, input.report];
    // Parts judged by different rules make no one verdict.
    if (a.suite.catalog !== b.suite.catalog) {
      throw new UsageError(`cannot merge reports of different rule catalogs: ${first.file} was judged by ${suiteText(a.suite)}, ${input.file} by ${suiteText(b.suite)}`);
    }
    if (a.adapter.name !== b.adapter.name || a.adapter.version !== b.adapter.version) {
      throw new UsageError(`cannot merge reports of different adapters: ${first.file} is ${a.adapter.name} ${a.adapter.version}, ${input.file} is ${b.adapter.name} ${b.adapter.version}`);
    }
    if (!same(a.adapter, b.adapter)) throw new UsageError(`cannot merge: ${first.file} and ${input.file} declare different capabilities for adapter ${a.adapter.name}`);
    if (a.seed !== b.seed) throw new UsageError(`cannot merge reports of different seeds: ${first.file} has seed ${a.seed}, ${input.file} has seed ${b.seed}`);
    if (!same(a.seeds, b.seeds)) throw new UsageError(`cannot merge: ${first.file} and ${input.file} were repeated with different seeds`);
  }
  for (const input of inputs) {
    if (input.report.test !== undefined) throw new UsageError(`cannot merge ${input.file}: it replays one spec (--test), it is not part of a run`);
    if (input.report.mergedFrom !== undefined) throw new UsageError(`cannot merge ${input.file}: it is already a merged report`);
  }
  const sharded = inputs.filter((i) => i.report.shard !== undefined);
  if (sharded.length !== 0 && sharded.length !== inputs.length) {
    throw new UsageError(`cannot merge shards with whole runs: ${inputs.find((i) => !i.report.shard)!.file} has no --shard`);
  }
  if (sharded.length) {
    const total = first.report.shard!.total;
    for (const input of inputs) {
      if (input.report.shard!.total !== total) throw new UsageError(`cannot merge shards of different splits: ${first.file} is one of ${total}, ${input.file} is ${partName(input)}`);
      if (input.report.selection !== first.report.selection) {
        throw new UsageError(`cannot merge shards of different selections: ${first.file} has --rules ${first.report.selection ?? '(all)'}, ${input.file} has --rules ${input.report.selection ?? '(all)'}`);
      }
    }
    const indices = inputs.map((i) => i.report.shard!.index);
    const repeated = indices.find((n, k) => indices.indexOf(n) !== k);
    if (repeated !== undefined) throw new UsageError(`shard ${repeated}/${total} is given twice`);
    const missing = Array.from({ length: total }, (_, k) => k + 1).filter((n) => !indices.includes(n));
    if (missing.length) throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((n) => `${n}/${total}`).join(', ')}: a merge of some shards is not the whole run`);
  }
  const owner = new Map<string, MergeInput>();
  for (const input of inputs) {
    for (const rule of input.report.rules) {
      const other = owner.get(rule.id);
      if (other) throw new UsageError(`rule ${rule.id} is in both ${other.file} and ${input.file}: the parts overlap`);
      owner.set(rule.id, input);
    }
  }
  const order = new Map(CATALOG.map((r, i) => [r.id, i]));
  const rules: RuleReport[] = inputs.flatMap((i) => i.report.rules).sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity));
  const ordered = [...inputs].sort((a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0));
  const errors = ordered.flatMap((i) => i.report.errors.map((e) => `${partName(i)}: ${e}`));
  const warnings = [...new Set(ordered.flatMap((i) => i.report.warnings))];
  const totals = totalsOf(rules);
  const merged: ConformanceReport = {
    schemaVersion: 1,
    suite: first.report.suite,
    adapter: first.report.adapter,
    seed: first.report.seed,
    startedAt: inputs.map((i) => i.report.startedAt).sort()[0]!,
    // Shards run side by side: the merged run took as long as its slowest part.
    durationMs: Math.max(...inputs.map((i) => i.report.durationMs)),
    rules,
    totals,
    errors,
    warnings,
    conformant: isConformant(totals, errors),
    mergedFrom: ordered.map(partName),
  };
  const selections = [...new Set(inputs.map((i) => i.report.selection))];
  if (!selections.includes(undefined)) merged.selection = selections.join(',');
  if (first.report.seeds) merged.seeds = first.report.seeds;
  const interrupted = ordered.find((i) => i.report.interrupted)?.report.interrupted;
  if (interrupted) merged.interrupted = interrupted;
  const flaky = ordered.flatMap((i) => i.report.flaky ?? []);
  if (flaky.length) merged.flaky = flaky;
  const footprint = sumFootprints(inputs.map((i) => i.report.footprint));
  if (footprint) merged.footprint = footprint;
  if (first.report.link) merged.link = first.report.link;
  return merged;
}

/** `im-conformance merge A.json B.json … [--out DIR] [--baseline FILE]`: exit as a run would (0, 1), 2 when the inputs cannot be merged. */
export async function mergeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(args, { out: { type: 'string' }, baseline: { type: 'string' } }, true);
  if (positionals.length === 0) throw new UsageError('merge needs the conformance.json of every shard: im-conformance merge A.json B.json … [--out DIR]');
  const baselineFile = typeof values.baseline === 'string' ? values.baseline : undefined;
  const inputs: MergeInput[] = [];
  for (const file of positionals) inputs.push({ file, report: await readReport(file) });
  const merged = mergeReports(inputs);
  const baseline = baselineFile === undefined ? undefined : await loadBaseline(baselineFile, merged.suite.catalog);
  if (baseline && baselineFile) merged.baseline = checkBaseline(merged, baseline, baselineFile);
  const outDir = resolve(typeof values.out === 'string' ? values.out : 'reports');
  await writeReportFiles(outDir, merged);
  // The shards' Allure results side by side make one Allure report (file names are UUIDs).
  let allure = false;
  for (const input of inputs) {
    const from = join(dirname(resolve(input.file)), 'allure-results');
    const to = join(outDir, 'allure-results');
    const files = await readdir(from).catch(() => []);
    if (files.length === 0) continue;
    if (from !== to) await cp(from, to, { recursive: true });
    allure = true;
  }
  const shownDir = typeof values.out === 'string' ? values.out : 'reports';
  io.out(renderConsoleSummary(merged, shownDir, `conformance.json, summary.md, index.html${allure ? ', allure-results/' : ''}`));
  if (merged.baseline) io.out(renderBaselineConsole(merged.baseline, merged.rules));
  if (merged.baseline) return merged.baseline.ok && merged.errors.length === 0 ? 0 : 1;
  return merged.conformant ? 0 : 1;
}
