// The record of one conformance run: `conformance.json`. Versioned; every report is
// validated against this schema before it is written, and `compare`/`baseline` read it back.
import { z } from 'zod';
import { Budget, Capability, Footprint, LinkConditions, LoginStatus, Meaning } from '../../adapters/contract.ts';
import { ADAPTER_FAULTS, FAILURE_KINDS, type AdapterFaultKind } from '../../fixtures/meta.ts';
import { Group, Level } from '../../specs/catalog.ts';

export const RULE_STATUSES = ['pass', 'fail', 'not-applicable', 'not-tested'] as const;
export const RuleStatus = z.enum(RULE_STATUSES);
export type RuleStatus = z.infer<typeof RuleStatus>;

/** not-tested: the spec did not reach a verdict (the run's spec guard ended it, or the budget left it out), with the reason. */
export const SPEC_STATUSES = ['pass', 'fail', 'not-applicable', 'not-tested'] as const;
export const SpecStatus = z.enum(SPEC_STATUSES);
export type SpecStatus = z.infer<typeof SpecStatus>;

/** One entry of a spec's cross-client trace (fixtures/trace.ts), in the order it happened. */
export const TraceEntry = z.strictObject({
  seq: z.number().int().positive(),
  /** The client ("c2 android") or "harness". */
  who: z.string(),
  what: z.string(),
});
export type TraceEntry = z.infer<typeof TraceEntry>;

/** One test (vitest test case) of one rule. */
/** A failed spec's kind (fixtures/meta.ts) and, where its check knew them, the call, what was expected and what was seen. */
export const Failure = z.strictObject({
  kind: z.enum(FAILURE_KINDS),
  /** An adapter fault's kind (docs/writing-an-adapter.md section 3). */
  fault: z.enum(Object.keys(ADAPTER_FAULTS) as [AdapterFaultKind, ...AdapterFaultKind[]]).optional(),
  call: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
});

export type Failure = z.infer<typeof Failure>;

export const SpecReport = z.strictObject({
  title: z.string().min(1),
  status: SpecStatus,
  durationMs: z.number().nonnegative(),
  /** Why the spec is not applicable (the missing capability) or not tested (the guard, the budget). */
  reason: z.string().optional(),
  /** What the spec cost the service behind the adapter. */
  footprint: Footprint.optional(),
  /** A property spec: the cases it ran (fewer than its default when the budget cut them). */
  runs: z.number().int().positive().optional(),
  /** A property spec: what each case cost, in case order (what the budget's planner reads). */
  caseFootprints: z.array(Footprint).optional(),
  /** The failure message (the first error's message; more errors are appended). */
  message: z.string().optional(),
  /** A failed spec: what kind of failure, and expected against actual as data. */
  failure: Failure.optional(),
  /** A property's shrunk counterexample. */
  counterexample: z.string().optional(),
  /** The cross-client trace of the failed spec, one entry a line. */
  trace: z.string().optional(),
  /** The same trace as entries, for the HTML report's cross-client timeline. */
  traceEntries: z.array(TraceEntry).optional(),
  /** The exact shell command that reruns this spec alone. */
  replay: z.string().optional(),
});
export type SpecReport = z.infer<typeof SpecReport>;

export const RuleReport = z.strictObject({
  id: z.string().min(1),
  level: Level,
  group: Group,
  title: z.string(),
  source: z.string(),
  status: RuleStatus,
  /** For not-applicable (the first spec's reason) and not-tested (the catalog's `untested` text). */
  reason: z.string().optional(),
  /** A passing rule some of whose specs were not applicable: how many, and the first one's reason. */
  partly: z.string().optional(),
  specs: z.array(SpecReport),
});
export type RuleReport = z.infer<typeof RuleReport>;

const count = z.number().int().nonnegative();
export const Totals = z.strictObject({
  pass: count,
  /** Passing rules judged on some of their specs only (the others not applicable): counted in `pass` too. */
  partlyPassed: count.default(0),
  fail: count,
  notApplicable: count,
  notTested: count,
  /** Failed MUST rules. */
  mustFailures: count,
  /** Failed MAY rules: a MAY rule runs only when the adapter declared its capability, so it counts like MUST. */
  mayFailures: count,
  /** Failed SHOULD rules: reported, never hidden, but they do not make the run non-conformant. */
  shouldWarnings: count,
  /**
   * Rules with a spec failed by an adapter fault (a missed deadline, a wrong shape, an exception:
   * the contract broken, not the rule), whatever their level: each makes the run non-conformant.
   */
  adapterFaults: count.default(0),
});
export type Totals = z.infer<typeof Totals>;

/** `--shard I/N`: this run covered the I-th of N deterministic parts of the selected rules. */
export const Shard = z
  .strictObject({ index: z.number().int().positive(), total: z.number().int().positive() })
  .refine((s) => s.index <= s.total, { message: 'shard index must be between 1 and total' });
export type Shard = z.infer<typeof Shard>;

/** `--repeat N`: a rule whose status differed between the runs, with each run's seed and outcome. */
export const FlakyRule = z.strictObject({
  id: z.string().min(1),
  outcomes: z.array(
    z.strictObject({
      seed: z.number().int(),
      status: RuleStatus,
      /** First line of the first failure, when the rule failed with this seed. */
      message: z.string().optional(),
    }),
  ),
});
export type FlakyRule = z.infer<typeof FlakyRule>;

export const BASELINE_FINDINGS = ['regression', 'unexpected-pass', 'changed', 'expected'] as const;
/** `--baseline FILE`: how the run compares with the expected statuses (cli/report/baseline.ts). */
export const BaselineCheck = z.strictObject({
  file: z.string(),
  /** No regression and no unexpected pass (the exit code is 0 unless there were errors outside tests). */
  ok: z.boolean(),
  /** Every rule of the run that differs from its expectation, or is listed in the baseline. */
  findings: z.array(
    z.strictObject({
      id: z.string().min(1),
      /**
       * regression: fails and the baseline did not expect it; unexpected-pass: a known failure passes;
       * changed: another difference (e.g. expected not-applicable, now passes); expected: as listed.
       */
      kind: z.enum(BASELINE_FINDINGS),
      expected: z.array(RuleStatus),
      actual: RuleStatus,
      reason: z.string().optional(),
    }),
  ),
});
export type BaselineCheck = z.infer<typeof BaselineCheck>;

/** The signal that stopped a run before every spec had finished (cli/engine/interrupt.ts). */
export const InterruptSignal = z.enum(['SIGINT', 'SIGTERM']);
export type InterruptSignal = z.infer<typeof InterruptSignal>;

/** How the run met time: the calibrated round trip and the deadlines scaled from it (cli/engine/calibrate.ts). */
export const Timing = z.strictObject({
  roundTripMs: z.number().nonnegative().optional(),
  medians: z.record(z.string(), z.number().nonnegative()).optional(),
  callDeadlineMs: z.number().int().positive(),
  deadlineFrom: z.enum(['default', 'calibration', '--timeout']),
  /** What each call already in flight in the same worker adds to a call's deadline. */
  loadRoundTripMs: z.number().positive(),
  specGuardMs: z.number().int().positive(),
  calibrationError: z.string().optional(),
});
export type Timing = z.infer<typeof Timing>;

/** The suite that made a report: its version and the fingerprint of the rule catalog it judged by (specs/suite.ts). */
export const SuiteIdentity = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  catalog: z.string().regex(/^[0-9a-f]{16}$/, 'a catalog fingerprint: 16 hex digits'),
});

export const ConformanceReport = z.strictObject({
  schemaVersion: z.literal(1),
  suite: SuiteIdentity,
  adapter: z.strictObject({
    name: z.string().min(1),
    version: z.string().min(1),
    /** A remote run: the driver program between the suite and the SDK, as its handshake named it. */
    driver: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }).optional(),
    capabilities: z.array(Capability),
    statusNumbering: z.partialRecord(LoginStatus, z.number()).optional(),
    /**
     * The "codes" level, apart from the rules' semantics: each code of the adapter's profile that
     * stands for a meaning Tencent answers with other codes (fixtures/codes.ts). Empty, or absent
     * (no code profile): the native codes are Tencent's.
     */
    nativeCodes: z.array(z.strictObject({ code: z.number().int(), meaning: Meaning, tencentCodes: z.array(z.number().int()) })).optional(),
  }),
  seed: z.number().int(),
  /** --latency/--jitter: the delay put on every client link for this run. */
  link: LinkConditions.optional(),
  /** The calibrated round trip and the deadlines of this run. */
  timing: Timing.optional(),
  /** What the whole run (calibration included) cost the service: deployments, instances, logins, accounts, server calls. */
  footprint: Footprint.optional(),
  /** The limits the run was planned within (--budget and the adapter's own), what the plan expected, and each cut. */
  budget: z
    .strictObject({
      limits: Budget,
      /** Where the limits came from. */
      from: z.array(z.enum(['--budget', 'adapter'])),
      /** What the plan expected the run to use; absent when the budget is only a rate. */
      estimate: Footprint.optional(),
      cuts: z.array(z.strictObject({ ruleId: z.string(), title: z.string(), what: z.string() })),
    })
    .optional(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  /** The --rules pattern, when the run was limited to some rules. */
  selection: z.string().optional(),
  /** The --test title, when the run replayed one spec. */
  test: z.string().optional(),
  /** The --shard of this run; absent for a whole run and for a merged report. */
  shard: Shard.optional(),
  /** `im-conformance merge`: the parts this report joins (e.g. "shard 1/3"). */
  mergedFrom: z.array(z.string()).optional(),
  /** `--repeat N`: the seed of each run (the first is `seed`). */
  seeds: z.array(z.number().int()).optional(),
  /** `--repeat N`: the rules whose outcome changed between runs. */
  flaky: z.array(FlakyRule).optional(),
  /** `--baseline FILE`: the comparison with the expected statuses. */
  baseline: BaselineCheck.optional(),
  /** Ctrl-C (SIGINT) or SIGTERM stopped the run: a partial report; rules whose specs did not all run are not-tested ("run interrupted"). */
  interrupted: InterruptSignal.optional(),
  rules: z.array(RuleReport),
  totals: Totals,
  /** Errors outside any test (a spec file that failed to import, a failing hook, an unhandled error): each makes the run non-conformant. */
  errors: z.array(z.string()),
  /** Problems of the suite itself that do not decide conformance (e.g. a catalog rule with no spec). */
  warnings: z.array(z.string()),
  /** No MUST or MAY rule failed and there was no error outside tests. */
  conformant: z.boolean(),
});
export type ConformanceReport = z.infer<typeof ConformanceReport>;

/** Validates a report; the error names the offending field (e.g. `rules.3.status: Invalid option ...`). */
export function parseReport(value: unknown): ConformanceReport {
  const parsed = ConformanceReport.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`not a valid conformance report (schema ConformanceReport in cli/report/report-schema.ts): ${issues}`);
  }
  return parsed.data;
}
