// Correct implementations that differ from the reference where the documentation page is silent:
// each must pass every rule it touches. A correct one that fails is the suite's bug.
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

const VARIANTS: [file: string, rules: string][] = [
  ['selftest/variants/kick-unknown-not-found.ts', 'kick.*,model.*'],
  ['selftest/variants/relogin-takes-new-ticket.ts', '*'],
  ['selftest/variants/kicks-newest-earlier.ts', '*'],
];

describe('correct variants the page allows', () => {
  // One at a time: CPU-bound runs side by side cost more CPU for no less time.
  it.each(VARIANTS)('%s passes %s', async (file, rules) => {
    const { code, report, stdout } = await runCli(['run', '--adapter', file, '--rules', rules]);
    expect(report.rules.filter((r) => r.status !== 'pass').map((r) => r.id), stdout).toEqual([]);
    expect(code).toBe(0);
  });
});
