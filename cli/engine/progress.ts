// Progress while a run goes: a run over a slow link takes minutes, and silence looks like a hang.
// On a terminal, one live line (rules done of total, failures so far, elapsed, an estimate); in a
// CI log, one line per rule as it finishes. Written to stderr only: nothing of it reaches a report.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Rule } from '../../specs/catalog.ts';
import { titleRuleId } from './select.ts';

export interface ProgressOptions {
  /** The rules of the run that have specs. */
  rules: readonly Rule[];
  write: (text: string) => void;
  /** A terminal: one line rewritten in place; otherwise a line per finished rule. */
  live: boolean;
  now?: () => number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export class ProgressReporter implements Reporter {
  private readonly began: number;
  private readonly now: () => number;
  /** Specs collected and finished per rule; a rule is done when every collected spec has finished. */
  private readonly specs = new Map<string, { collected: number; finished: number; failed: boolean }>();
  private done = 0;
  private failing = 0;
  private shown = false;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? Date.now;
    this.began = this.now();
  }

  onTestModuleCollected(module: TestModule): void {
    for (const test of module.children.allTests()) {
      const rule = this.ruleOf(test);
      if (rule) rule.collected++;
    }
  }

  onTestCaseResult(test: TestCase): void {
    const rule = this.ruleOf(test);
    if (!rule) return;
    rule.finished++;
    if (test.result().state === 'failed') rule.failed = true;
    if (rule.finished !== rule.collected) return this.draw();
    this.done++;
    if (rule.failed) this.failing++;
    const id = titleRuleId(test.name)!;
    if (!this.o.live) this.o.write(`  ${rule.failed ? '✗' : '✓'} ${id} (${this.done}/${this.o.rules.length} rules, ${seconds(this.now() - this.began)})\n`);
    this.draw();
  }

  onTestRunEnd(): void {
    if (this.o.live && this.shown) this.o.write('\r\x1b[2K');
  }

  private ruleOf(test: TestCase) {
    const id = titleRuleId(test.name);
    if (id === undefined || !this.o.rules.some((r) => r.id === id)) return undefined;
    let rule = this.specs.get(id);
    if (!rule) this.specs.set(id, (rule = { collected: 0, finished: 0, failed: false }));
    return rule;
  }

  /** The live line: done of total, failures, elapsed and, once something is done, a linear estimate. */
  private draw(): void {
    if (!this.o.live) return;
    const elapsed = this.now() - this.began;
    const total = this.o.rules.length;
    const left = this.done > 0 && this.done < total ? ` · about ${seconds((elapsed / this.done) * (total - this.done))} left` : '';
    this.o.write(`\r\x1b[2Kim-conformance: ${this.done}/${total} rules done · ${this.failing} failing · ${seconds(elapsed)}${left}`);
    this.shown = true;
  }
}
