// The files a report is written as: conformance.json (the record), summary.md (CI job summary)
// and index.html (the page people read). Written by a run, rewritten when --repeat, --baseline or
// merge change the report; conformance.json is read back by compare, merge and replay.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { renderHtmlReport } from './html.ts';
import { parseReport, type ConformanceReport } from './report-schema.ts';
import { renderMarkdownSummary } from './summary.ts';

export const REPORT_FILES = ['conformance.json', 'summary.md', 'index.html'] as const;

export async function writeReportFiles(dir: string, report: ConformanceReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'conformance.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(dir, 'summary.md'), renderMarkdownSummary(report));
  await writeFile(join(dir, 'index.html'), renderHtmlReport(report));
}

/** Reads and validates one report; a bad file is a usage error naming the file. */
export async function readReport(file: string): Promise<ConformanceReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
  try {
    return parseReport(json);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}
