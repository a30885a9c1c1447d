// The React Native driver template (examples/driver-react-native/) exercised in Node: it dials in
// to the suite and drives the typed double of @tencentcloud/chat (selftest/remote/react-native-host.ts).
// Every rule it can run gets the status the web SDK is expected to have (the baseline the
// in-process tencent adapter is held to); the others are not applicable, each for a capability the
// template leaves to the server side. Its types are checked against the package's by `npm test`'s typecheck.
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';

const HOST = 'node --import tsx selftest/remote/react-native-host.ts';

describe('the React Native driver template, dialing in', () => {
  it('meets the web SDK baseline on every rule it can run; the rest are not applicable for a capability it does not declare', async () => {
    const { code, report, stdout, stderr } = await runCli(['run', '--adapter', 'remote', '--driver-listen', '0', '--driver-cmd', HOST, '--baseline', 'baselines/tencent-web-sdk.json']);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(/: OK: 0 regressions, 0 unexpected passes/);
    expect(report.adapter.driver?.name).toBe('im-conformance-driver-react-native');
    const applicable = report.rules.filter((r) => r.status !== 'not-applicable');
    expect(applicable.length).toBeGreaterThan(25);
    for (const rule of report.rules.filter((r) => r.status === 'not-applicable')) expect(rule.reason, rule.id).toMatch(/^the adapter does not declare "/);
  }, 120_000);
});
