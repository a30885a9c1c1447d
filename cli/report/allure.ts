// Completes allure-results from the conformance report, after allure-vitest has written them:
// - every rule appears: a spec allure-vitest left out (it drops tests that did not run) and every
//   rule without a spec get a result of their own, "skipped" with the reason (not applicable: the
//   missing capability; not tested: the catalog's note), so the Allure report lists the whole catalog;
// - labels (rule, epic = group, feature = rule, severity from the level) and the documentation
//   sentence as description, also on results a spec file did not label;
// - a rule violation is "failed" (allure-vitest calls any non-assertion error "broken");
// - the counterexample, the cross-client trace and the replay command as attachments.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConformanceReport, RuleReport, SpecReport } from './report-schema.ts';

export const SEVERITY = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' } as const;

interface Label {
  name: string;
  value: string;
}
interface Attachment {
  name: string;
  source: string;
  type: string;
}
/** The part of an Allure result (allure-js-commons TestResult) this module reads and writes. */
interface AllureResult {
  uuid: string;
  name: string;
  fullName?: string;
  historyId?: string;
  testCaseId?: string;
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  stage?: string;
  steps?: unknown[];
  attachments?: Attachment[];
  parameters?: unknown[];
  labels?: Label[];
  links?: unknown[];
  start?: number;
  stop?: number;
  description?: string;
  [key: string]: unknown;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function ruleLabels(rule: RuleReport): Label[] {
  return [
    { name: 'rule', value: rule.id },
    { name: 'epic', value: rule.group },
    { name: 'feature', value: rule.id },
    { name: 'level', value: rule.level },
    { name: 'severity', value: SEVERITY[rule.level] },
    { name: 'parentSuite', value: rule.group },
  ];
}

const description = (rule: RuleReport) => rule.source;

function statusOf(spec: SpecReport): { status: string; message?: string } {
  switch (spec.status) {
    case 'pass':
      return { status: 'passed' };
    case 'fail':
      return { status: 'failed' };
    case 'not-applicable':
      return { status: 'skipped', message: `not applicable: ${spec.reason ?? 'no reason given'}` };
    case 'not-tested':
      return { status: 'skipped', message: `not tested: ${spec.reason ?? 'no reason given'}` };
  }
}

/** Adds what the report knows to one result; returns the attachment files to write. */
function complete(result: AllureResult, rule: RuleReport, spec: SpecReport | undefined): { name: string; text: string }[] {
  // The report's labels win: specs run concurrently, so a runtime label may have landed on a neighbour.
  const own = ruleLabels(rule);
  const labels = (result.labels = [...(result.labels ?? []).filter((l) => !own.some((o) => o.name === l.name)), ...own]);
  if (!labels.some((l) => l.name === 'tag' && l.value === rule.status)) labels.push({ name: 'tag', value: rule.status });
  result.description ??= description(rule);
  const files: { name: string; text: string }[] = [];
  if (!spec) return files;
  const { status, message } = statusOf(spec);
  result.status = status;
  if (message) result.statusDetails = { ...result.statusDetails, message };
  if (spec.status === 'fail') {
    if (spec.message && !result.statusDetails?.message) result.statusDetails = { ...result.statusDetails, message: spec.message };
    const attachments = (result.attachments ??= []);
    const add = (name: string, text: string | undefined) => {
      if (text === undefined || attachments.some((a) => a.name === name)) return;
      const source = `${randomUUID()}-attachment.txt`;
      attachments.push({ name, source, type: 'text/plain' });
      files.push({ name: source, text });
    };
    add('counterexample (shrunk)', spec.counterexample);
    add('trace across clients', spec.trace);
    add('replay command', spec.replay);
  }
  return files;
}

function synthetic(name: string, startedAt: number): AllureResult {
  return {
    uuid: randomUUID(),
    name,
    fullName: `im-conformance:${name}`,
    historyId: md5(`im-conformance:${name}`),
    testCaseId: md5(`im-conformance:${name}`),
    status: 'skipped',
    statusDetails: {},
    stage: 'finished',
    steps: [],
    attachments: [],
    parameters: [],
    labels: [],
    links: [],
    start: startedAt,
    stop: startedAt,
  };
}

/** Rewrites `dir` (an allure-results directory) so it holds every rule of `report`, labelled, with its evidence. */
export async function completeAllureResults(dir: string, report: ConformanceReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  const results: { file: string; result: AllureResult }[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('-result.json'))) {
    try {
      results.push({ file, result: JSON.parse(await readFile(join(dir, file), 'utf8')) as AllureResult });
    } catch {
      // not ours to repair; Allure reports it
    }
  }
  const startedAt = Date.parse(report.startedAt);
  const changed = new Set<{ file: string; result: AllureResult }>();
  const attachments: { name: string; text: string }[] = [];
  for (const rule of report.rules) {
    if (rule.specs.length === 0) {
      // No spec ran: a rule not tested yet (or whose specs all stayed out of the run). Listed anyway.
      const name = `${rule.id}: ${rule.title}`;
      const existing = results.find((r) => r.result.name === name);
      const entry = existing ?? { file: `${randomUUID()}-result.json`, result: synthetic(name, startedAt) };
      complete(entry.result, rule, undefined);
      entry.result.status = 'skipped';
      entry.result.statusDetails = { message: `${rule.status === 'not-applicable' ? 'not applicable' : 'not tested'}: ${rule.reason ?? ''}`.trim() };
      if (!existing) results.push(entry);
      changed.add(entry);
      continue;
    }
    for (const spec of rule.specs) {
      const matching = results.filter((r) => r.result.name === spec.title);
      if (matching.length === 0) {
        const entry = { file: `${randomUUID()}-result.json`, result: synthetic(spec.title, startedAt) };
        results.push(entry);
        matching.push(entry);
      }
      for (const entry of matching) {
        attachments.push(...complete(entry.result, rule, spec));
        changed.add(entry);
      }
    }
  }
  for (const a of attachments) await writeFile(join(dir, a.name), a.text);
  for (const entry of changed) await writeFile(join(dir, entry.file), JSON.stringify(entry.result));
  const env = [
    `adapter=${report.adapter.name}`,
    `adapter.version=${report.adapter.version}`,
    ...(report.adapter.driver ? [`driver=${report.adapter.driver.name} ${report.adapter.driver.version}`] : []),
    `seed=${report.seed}`,
    `suite=${report.suite.name} ${report.suite.version}`,
    `catalog=${report.suite.catalog}`,
    `capabilities=${report.adapter.capabilities.join(', ')}`,
    ...(report.link ? [`link=${report.link.delayMs} ms ± ${report.link.jitterMs} ms each way`] : []),
    ...(report.timing?.roundTripMs !== undefined ? [`round.trip.ms=${report.timing.roundTripMs}`] : []),
    ...(report.footprint ? [`footprint=${Object.entries(report.footprint).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
  ];
  await writeFile(join(dir, 'environment.properties'), env.map((l) => l.replace(/\n/g, ' ')).join('\n') + '\n');
}
