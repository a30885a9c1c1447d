// The files a report is written as: conformance.json (the record), summary.md (CI job summary)
// and index.html (the page people read). Written by a run, rewritten when --repeat, --baseline or
// merge change the report.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtmlReport } from './html.ts';
import type { ConformanceReport } from './report-schema.ts';
import { renderMarkdownSummary } from './summary.ts';

export const REPORT_FILES = ['conformance.json', 'summary.md', 'index.html'] as const;

export async function writeReportFiles(dir: string, report: ConformanceReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'conformance.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(dir, 'summary.md'), renderMarkdownSummary(report));
  await writeFile(join(dir, 'index.html'), renderHtmlReport(report));
}
