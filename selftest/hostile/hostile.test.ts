// Adapters that break the contract rather than a rule (selftest/hostile/adapters/): each run
// finishes, exits 1, fails the affected spec with a message naming the adapter call and the
// reason, still passes an unaffected spec, and writes a report valid against its schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_CLIENT } from '../../fixtures/checked-adapter.ts';
import { ADAPTER_FAULTS, type AdapterFaultKind } from '../../fixtures/meta.ts';
import { TRACE_HEAD, TRACE_MARKER, TRACE_TAIL } from '../../fixtures/trace.ts';
import type { ConformanceReport } from '../../cli/report/report-schema.ts';
import { type CliRun, runCli, SAMPLE_DRIVER } from '../run-cli.ts';
import { ghostDriver } from './ghost-driver.ts';

/**
 * The per-call deadline of these runs (--timeout): short, so a hung call costs little, yet 40 times
 * what a login takes: 500 ms was crossed by correct calls while npm test loaded both cores.
 */
const TIMEOUT_MS = 2000;
/** A run that has not finished by then has hung: it is killed and the test fails. */
const RUN_DEADLINE_MS = 60_000;
const CONTROL = 'user-id.empty'; // no successful login, no logout: no hostile adapter below touches it

const adapter = (name: string) => `selftest/hostile/adapters/${name}.ts`;
const during = (call: string) => `during c1 android.${call}`;
const LOGIN = 'login("alice", "<sig>")';

interface Case {
  adapter: string;
  /** The rules run besides CONTROL. */
  rules: string[];
  /** Rule → the first line of the failure message of each of its specs. */
  fails: Record<string, string | RegExp>;
  /** Rules that must still pass (CONTROL always). */
  passes?: string[];
  /** The kind of contract breach the failures report (fixtures/meta.ts ADAPTER_FAULTS). */
  fault: AdapterFaultKind;
}

const CASES: Case[] = [
  {
    adapter: 'never-answers',
    fault: 'no-answer',
    rules: ['logout.when-logged-out'],
    // The deadline grows by a round trip for each other call in flight beside it (fixtures/checked-adapter.ts).
    fails: { 'logout.when-logged-out': /^AdapterFault: adapter did not answer c1 android\.logout\(\) within (\d+) ms$/ },
  },
  {
    adapter: 'slow',
    fault: 'no-answer',
    rules: ['logout.when-logged-out', 'status.login-user'],
    // getLoginUser answers after four deadlines; logout after half of one: slow, but in time.
    fails: { 'status.login-user': /^AdapterFault: adapter did not answer c1 android\.getLoginUser\(\) within (\d+) ms$/ },
    passes: ['logout.when-logged-out'],
  },
  {
    adapter: 'throws',
    fault: 'threw',
    rules: ['logout.when-logged-out'],
    fails: { 'logout.when-logged-out': 'AdapterFault: adapter threw from c1 android.logout(): hostile: cannot read properties of undefined (reading "session")' },
  },
  {
    adapter: 'answer-without-code',
    fault: 'wrong-shape',
    rules: ['logout.when-logged-out'],
    fails: {
      'logout.when-logged-out':
        'AdapterFault: adapter answered c1 android.logout() with a wrong shape: code: Invalid input: expected number, received undefined (schema Answer); got {"desc":"logged out"}',
    },
  },
  {
    adapter: 'code-as-string',
    fault: 'wrong-shape',
    rules: ['logout.when-logged-out'],
    fails: {
      'logout.when-logged-out': 'AdapterFault: adapter answered c1 android.logout() with a wrong shape: code: Invalid input: expected number, received string (schema Answer); got {"code":"0"}',
    },
  },
  {
    adapter: 'unknown-event-kind',
    fault: 'malformed-event',
    rules: ['repeat.same-user'],
    fails: {
      'repeat.same-user': `AdapterFault: adapter emitted a malformed event on c1 android ${during(LOGIN)}: kind: Invalid discriminator value. Expected 'connecting' | 'connectSuccess' | 'connectFailed' | 'kickedOffline' | 'userSigExpired' | 'messageReceived' (schema ClientEvent); got {"kind":"loggedInElsewhere"}`,
    },
  },
  {
    adapter: 'connect-out-of-nowhere',
    fault: 'connect-without-connecting',
    // The spec's last call is that login: the fault is raised when the spec ends, not at a next call.
    rules: ['logout.when-logged-out'],
    fails: {
      'logout.when-logged-out': `AdapterFault: adapter emitted connectSuccess on c1 android ${during(LOGIN)} with no connecting before it: each connection attempt reports connecting, then connectSuccess or connectFailed`,
    },
  },
  {
    adapter: 'events-after-uninit',
    fault: 'event-after-uninit',
    rules: ['logout.uninit'],
    fails: {
      'logout.uninit': `AdapterFault: adapter emitted connecting on c1 android ${during(LOGIN)} after c1 android.unInit() answered ok: an uninitialised SDK reports no events`,
    },
  },
  {
    adapter: 'floods-events',
    fault: 'event-flood',
    rules: ['repeat.same-user'],
    fails: { 'repeat.same-user': `AdapterFault: adapter emitted more than ${MAX_EVENTS_PER_CLIENT} events on c1 android ${during(LOGIN)}: a flood (the rest are dropped)` },
  },
  {
    adapter: 'missing-part',
    fault: 'missing-part',
    rules: ['kick.admin'],
    fails: { 'kick.admin': 'AdapterFault: adapter declares "admin-kick" but its harness has no kick' },
  },
];

const specsOf = (report: ConformanceReport, id: string) => report.rules.find((r) => r.id === id)?.specs ?? [];

/** What every hostile run must show: finished, exit 1, the affected specs failed as told, the others passed, every rule reported. */
function expectContained(run: CliRun, c: Pick<Case, 'rules' | 'fails' | 'passes' | 'fault'>): void {
  const { code, report, stderr } = run;
  expect(code, stderr).toBe(1);
  expect(report.rules.map((r) => r.id).sort()).toEqual([...c.rules, CONTROL].sort());
  for (const [rule, message] of Object.entries(c.fails)) {
    const specs = specsOf(report, rule);
    expect(specs.length, rule).toBeGreaterThan(0);
    for (const spec of specs) {
      expect(spec.status, `${rule}: ${spec.title}`).toBe('fail');
      // Classified by the error's class, not by its text: the report says so as data.
      expect(spec.failure?.kind, `${rule}: ${spec.title}`).toBe('adapter-fault');
      expect(spec.failure?.fault, `${rule}: ${spec.title}`).toBe(c.fault);
      const first = spec.message?.split('\n')[0];
      if (typeof message === 'string') expect(first).toBe(message);
      else expect(first).toMatch(message);
    }
  }
  for (const rule of [CONTROL, ...(c.passes ?? [])]) {
    const why = specsOf(report, rule).map((s) => s.message?.split('\n')[0] ?? s.status).join('; ');
    expect(report.rules.find((r) => r.id === rule)?.status, `${rule}: ${why}`).toBe('pass');
  }
  expect(report.conformant).toBe(false);
  expect(report.totals.adapterFaults).toBe(Object.keys(c.fails).length);
}

describe('the hostile adapters', () => {
  it('break the contract in every way there is: each kind of breach is shown by one of them', () => {
    expect([...new Set(CASES.map((c) => c.fault))].sort()).toEqual(Object.keys(ADAPTER_FAULTS).sort());
  });
});

// One run at a time: side by side, CPU-bound runs cost more CPU for little less time.
describe('a hostile adapter in-process', () => {
  for (const c of CASES) {
    it(`${c.adapter}: the run finishes, the affected spec fails naming the call and the reason, the rest pass`, async () => {
      // The adapter runs in the run's worker threads, which end with the run, and whatever it
      // leaves behind with them: a run host will do. The one that never answers runs as a user's
      // run does, in a process of its own, which must end too.
      const run = await runCli(['run', '--adapter', adapter(c.adapter), '--rules', [...c.rules, CONTROL].join(','), '--timeout', String(TIMEOUT_MS)], {
        deadlineMs: RUN_DEADLINE_MS,
        ownProcess: c.adapter === 'never-answers',
      });
      expectContained(run, c);
      if (c.adapter === 'floods-events') {
        // 100,000 events: the client keeps 10,000, the report's trace the first and last 250 of them and one marker.
        const [spec] = specsOf(run.report, 'repeat.same-user');
        const trace = spec!.traceEntries!;
        expect(trace).toHaveLength(TRACE_HEAD + 1 + TRACE_TAIL);
        expect(trace[TRACE_HEAD]).toMatchObject({ who: TRACE_MARKER, what: expect.stringMatching(/^… \d+ more entries left out \(the trace keeps the first 250 and the last 250\)$/) });
        expect(trace.at(-1)!.what).toBe(`${LOGIN} → 0 (ok)`);
        expect(JSON.stringify(run.report).length).toBeLessThan(300_000);
      }
    }, RUN_DEADLINE_MS + 10_000);
  }
});

describe.concurrent('a hostile driver', () => {
  let ghost: Awaited<ReturnType<typeof ghostDriver>>;
  beforeAll(async () => {
    ghost = await ghostDriver();
  });
  afterAll(() => ghost.close());

  it('sends an event for a client its harness does not have: the call it came with fails, naming the client', async () => {
    const rules = ['logout.when-logged-out'];
    const run = await runCli(['run', '--driver', ghost.url, '--rules', [...rules, CONTROL].join(','), '--timeout', '2000'], { deadlineMs: RUN_DEADLINE_MS, ownProcess: true });
    expectContained(run, {
      rules,
      fault: 'threw',
      fails: {
        'logout.when-logged-out':
          /^AdapterFault: adapter threw from c1 android\.logout\(\): driver sent an event for client "ghost", which harness "h\d+" does not have \(notification client\.event, params\.client\): .*"kickedOffline"/,
      },
    });
  }, RUN_DEADLINE_MS + 10_000);

  // selftest/remote/failure.test.ts kills the driver on its Nth request and pins the one reason every
  // later spec fails with; this one crashes inside a given SDK call, and the message names that call.
  it('crashes its process inside logout(): the run ends, and the spec fails naming logout() and the lost driver', async () => {
    const driverCmd = `${SAMPLE_DRIVER} --adapter ${adapter('crashes-on-logout')}`;
    const { code, report, stderr } = await runCli(['run', '--driver-cmd', driverCmd, '--rules', 'logout.when-logged-out'], { deadlineMs: RUN_DEADLINE_MS, ownProcess: true });
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/^im-conformance: the driver process ended during the run \(.*\): node --import tsx examples\/driver-node\/driver\.ts --adapter .*crashes-on-logout\.ts$/m);
    const [spec] = specsOf(report, 'logout.when-logged-out');
    expect(spec?.message).toMatch(/^AdapterFault: adapter threw from c1 android\.logout\(\): driver at ws:\/\/127\.0\.0\.1:\d+ is gone: connection closed \(code 1006\)$/);
    expect(spec?.failure).toMatchObject({ kind: 'adapter-fault', fault: 'threw' });
    expect(report.totals.adapterFaults).toBe(1);
  }, RUN_DEADLINE_MS + 10_000);
});
