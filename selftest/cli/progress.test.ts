// Progress while a run goes (cli/engine/progress.ts): a line per finished rule in a log, one live line on a terminal.
import { describe, expect, it } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import { ProgressReporter } from '../../cli/engine/progress.ts';
import { ruleById } from '../../specs/catalog.ts';

const test = (name: string, state: 'passed' | 'failed') => ({ name, result: () => ({ state }) }) as unknown as TestCase;
const module = (...tests: TestCase[]) => ({ children: { allTests: () => tests } }) as unknown as TestModule;
const rules = [ruleById('user-id.empty'), ruleById('ticket.valid')];

function drive(live: boolean) {
  let clock = 0;
  let written = '';
  const p = new ProgressReporter({ rules, live, write: (t) => void (written += t), now: () => clock });
  const a1 = test('user-id.empty: one', 'passed');
  const a2 = test('user-id.empty: two', 'failed');
  const b = test('ticket.valid: one', 'passed');
  p.onTestModuleCollected(module(a1, a2, b));
  clock = 1000;
  p.onTestCaseResult(a1);
  p.onTestCaseResult(a2);
  clock = 3000;
  p.onTestCaseResult(b);
  p.onTestRunEnd();
  return written;
}

describe('progress', () => {
  it('in a log: one line per rule once all its specs have finished, failures marked', () => {
    expect(drive(false)).toBe('  ✗ user-id.empty (1/2 rules, 1.0 s)\n  ✓ ticket.valid (2/2 rules, 3.0 s)\n');
  });

  it('on a terminal: one line rewritten in place, with failures, elapsed and an estimate, cleared at the end', () => {
    const out = drive(true);
    expect(out).toContain('\r\x1b[2Kim-conformance: 1/2 rules done · 1 failing · 1.0 s · about 1.0 s left');
    expect(out).toContain('\r\x1b[2Kim-conformance: 2/2 rules done · 1 failing · 3.0 s');
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
    expect(out).not.toContain('\n');
  });
});
