// `im-conformance replay REPORT.json RULE_ID`: reruns each failure of a rule with the replay command
// the report printed for it (through the shell, as a person would paste it, with this CLI for
// "npx im-conformance" and an --out of its own), and says whether it failed the same way. The
// exit code is the replays': 1 while the failure reproduces, 0 once every replayed spec passes.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../io.ts';
import { parseFlags } from '../args.ts';
import { readReport } from '../report/outputs.ts';
import { UsageError } from '../errors.ts';
import { parseReport, type SpecReport } from '../report/report-schema.ts';
import { shellQuote } from '../report/replay.ts';

const firstLine = (message: string | undefined) => (message ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/**
 * The first line of a failure message with client numbers blanked ("c37 android" → "c# android").
 * A property's failing case is rerun after every case before it, in the same scene, so its clients
 * are numbered on from theirs; a replay (--path) starts at that case. The rest must be the same.
 */
export function failureSignature(message: string | undefined): string {
  return firstLine(message).replace(/\bc\d+(?= )/g, 'c#');
}

/** The first line with every number blanked: also the names a scene generates from a counter ("x.4"). */
const numberless = (message: string | undefined) => firstLine(message).replace(/\d+/g, '#');

export type ReplayVerdict = 'reproduced' | 'reproduced up to numbering' | 'passed' | 'failed differently' | 'no result';

/** How a replayed spec compares with the original failure: the same first line, client numbers aside, is "reproduced". */
export function replayVerdict(original: SpecReport, replayed: SpecReport | undefined): ReplayVerdict {
  if (!replayed) return 'no result';
  if (replayed.status !== 'fail') return 'passed';
  if (failureSignature(replayed.message) === failureSignature(original.message)) return 'reproduced';
  if (numberless(replayed.message) === numberless(original.message)) return 'reproduced up to numbering';
  return 'failed differently';
}

const BIN = fileURLToPath(new URL('../../bin/im-conformance.js', import.meta.url));

function sh(command: string, io: Io): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => io.out(d.toString()));
    child.stderr.on('data', (d: Buffer) => io.err(d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
}

export async function replayCommandMain(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(args, { out: { type: 'string' } }, true);
  const [file, ruleId, ...extra] = positionals;
  if (file === undefined || ruleId === undefined || extra.length) {
    throw new UsageError('replay needs a report and a rule ID: im-conformance replay reports/conformance.json RULE_ID');
  }
  const report = await readReport(file);
  const rule = report.rules.find((r) => r.id === ruleId);
  if (!rule) throw new UsageError(`rule ${ruleId} is not in ${file} (its rules: ${report.rules.map((r) => r.id).join(', ') || 'none'})`);
  const failures = rule.specs.filter((s) => s.status === 'fail');
  if (failures.length === 0) throw new UsageError(`rule ${ruleId} did not fail in ${file} (status ${rule.status}): nothing to replay`);
  const missing = failures.find((s) => !s.replay);
  if (missing) throw new UsageError(`the failure "${missing.title}" in ${file} has no replay command`);

  const base = resolve(typeof values.out === 'string' ? values.out : join(dirname(resolve(file)), 'replay'));
  let exitCode = 0;
  const verdicts: string[] = [];
  for (const [k, spec] of failures.entries()) {
    const out = failures.length === 1 ? base : join(base, String(k + 1));
    io.out(`\nreplaying ${spec.title}\n$ ${spec.replay}\n`);
    // "npx im-conformance" is this very CLI: run it directly, so a replay works from any directory.
    const command = spec.replay!.replace(/^npx im-conformance /, `${shellQuote(process.execPath)} ${shellQuote(BIN)} `);
    const code = await sh(`${command} --out ${shellQuote(out)}`, io);
    exitCode = Math.max(exitCode, code);
    let replayed: SpecReport | undefined;
    try {
      const again = parseReport(JSON.parse(await readFile(join(out, 'conformance.json'), 'utf8')));
      replayed = again.rules.find((r) => r.id === ruleId)?.specs.find((s) => s.title === spec.title);
    } catch {
      replayed = undefined;
    }
    const verdict = replayVerdict(spec, replayed);
    const mark = verdict.startsWith('reproduced') ? '✗' : verdict === 'passed' ? '✓' : '?';
    verdicts.push(`  ${mark} ${verdict}  ${spec.title}`);
    verdicts.push(`      was: ${firstLine(spec.message)}`);
    if (replayed?.status === 'fail' && firstLine(replayed.message) !== firstLine(spec.message)) verdicts.push(`      now: ${firstLine(replayed.message)}`);
  }
  io.out(`\nreplay of ${ruleId} from ${file}:\n${verdicts.join('\n')}\n`);
  return exitCode === 2 ? 2 : exitCode === 0 ? 0 : 1;
}
