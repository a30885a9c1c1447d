// An adapter's `platforms`: specs use its platforms only; one that needs another is not applicable.
import { expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

it('a web-only adapter gets web instances, and a spec needing android is not applicable, never passed', async () => {
  const { report, stdout } = await runCli(['run', '--adapter', 'selftest/cli/fixtures/web-only.ts', '--rules', 'reconnect.no-self-kick,multi.same-platform-default'], { deadlineMs: 90_000 });
  const specs = report.rules.flatMap((r) => r.specs.map((s) => ({ rule: r.id, ...s })));
  const needsAndroid = specs.find((s) => s.title.includes('kicks neither the other instances nor itself'));
  expect(needsAndroid?.status, stdout).toBe('not-applicable');
  expect(needsAndroid?.reason).toBe('the SDK does not run as android (its platforms: web)');
  // The other specs of the same rules ran, on web.
  const ran = specs.filter((s) => s !== needsAndroid);
  expect(ran.length).toBeGreaterThan(0);
  expect(ran.map((s) => s.status)).toEqual(ran.map(() => 'pass'));
});
