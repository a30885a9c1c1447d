// The browser driver (examples/driver-browser/): the reference client SDK bundled for the browser
// and run in headless Chromium, dialing in to the suite. The whole suite through it gives every
// rule and every spec the status the reference gets in-process (all pass: selftest/reference-run.test.ts).
// Chromium's network stack delays WebSocket connections when a renderer has many pending
// (a whole run holds hundreds of SDK instances), so the run scales its deadlines, as a run on a
// slow device would. Every spec runs; the properties run 3 cases each (--runs 3): what this shows
// is every spec's traffic through a browser's own sockets, and the browser costs several times the
// CPU of in-process (npm run bench runs it at the default; the properties' power is the in-process
// runs' concern). Skipped without Chromium; under CI it must run (.ci/run installs it).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import reference from '../../adapters/reference/index.ts';
import { CATALOG } from '../../specs/catalog.ts';
import { runCli } from '../run-cli.ts';

const CHROMIUM = process.env.IMC_CHROMIUM ?? '/usr/bin/chromium';
const HOST = 'node --import tsx examples/driver-browser/host.ts --dial "$IMC_DRIVER_URL"';

describe('the browser driver: the reference client in Chromium', () => {
  it('passes every rule and every spec, as in-process, and names the SDK and the browser driver', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`the browser driver test needs Chromium under CI, and ${CHROMIUM} does not exist (apt-get install chromium; .ci/run installs it)`);
      ctx.skip(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set IMC_CHROMIUM) to run this test; under CI it fails instead`);
    }
    const { code, report, stdout, stderr } = await runCli(['run', '--adapter', 'remote', '--driver-listen', '0', '--driver-cmd', HOST, '--timeout-multiplier', '3', '--runs', '3']);
    const notPassed = report.rules.flatMap((r) => r.specs.filter((s) => s.status !== 'pass').map((s) => `${s.title}: ${s.status} ${s.message ?? ''}`));
    expect(notPassed, stdout + stderr).toEqual([]);
    expect(report.rules.map((r) => r.status)).toEqual(CATALOG.map((r) => (r.untested ? 'not-tested' : 'pass')));
    expect(code).toBe(0);
    expect(report.adapter).toMatchObject({ name: reference.name, version: reference.version, driver: { name: 'im-conformance-driver-browser' } });
  }, 400_000);
});
