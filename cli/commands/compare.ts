// `im-conformance compare A.json B.json … [--html OUT]`: reads the reports and prints their
// comparison (cli/report/comparison.ts), and writes it as a page with --html.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseFlags } from '../args.ts';
import { compareReports, renderCompareText, type CompareInput } from '../report/comparison.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { readReport } from '../report/outputs.ts';

/** `im-conformance compare A.json B.json … [--html OUT]`: exit 0 (a comparison informs, it does not gate), 2 on a bad file. */
export async function compareCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(args, { html: { type: 'string' } }, true);
  if (positionals.length < 2) throw new UsageError('compare needs at least two reports: im-conformance compare A.json B.json … [--html OUT]');
  const inputs: CompareInput[] = [];
  for (const file of positionals) inputs.push({ file, report: await readReport(file) });
  const comparison = compareReports(inputs);
  io.out(renderCompareText(comparison));
  const html = values.html;
  if (typeof html === 'string') {
    const { renderCompareHtml } = await import('../report/html.ts');
    await mkdir(dirname(resolve(html)), { recursive: true });
    await writeFile(html, renderCompareHtml(comparison));
    io.out(`comparison page: ${html}\n`);
  }
  return 0;
}
