// The mutation score (`npm run mutation`): how much of a broken reference implementation the
// conformance specs catch. Stryker mutates the reference's core, runs the specs against each
// mutant (the default adapter of fixtures/run-config.ts is the reference, loaded from the
// sandbox copy), and reports killed and surviving mutants. Not part of CI: a full run took 98 min on
// two shared cores. Survivors and why they survive: docs/mutation-survivors.md.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // What is left unmutated and why: answer texts and harness-only members, and the recorded
  // equivalents (mutation/equivalents.mjs).
  appendPlugins: ['./mutation/ignorer.mjs'],
  ignorers: ['not-in-the-rules'],
  // The session, policy, ticket and gating code. Left out: harness.ts (test plumbing) and the
  // REST admin API (a server-side view; run it with `npm run mutation -- --mutate adapters/reference/admin-api.ts`).
  mutate: ['adapters/reference/server.ts', 'adapters/reference/client.ts', 'adapters/reference/policy.ts', 'adapters/reference/tls-sig.ts'],
  testRunner: 'vitest',
  // The conformance specs only (specs/, never selftest/). `related` is off: specs reach the
  // reference through a dynamic import of the adapter, which vitest's import graph cannot see.
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  // Per test: each spec starts and stops its own deployment inside the test, so the code a spec
  // runs is attributed to it.
  coverageAnalysis: 'perTest',
  // Stryker rewrites paths in the tsconfig it copies with TypeScript's JS API, which TypeScript 7
  // no longer has. Ours has no extends or references to rewrite: point it at no file.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  // A re-run after adding specs tests only the mutants whose code or covering specs changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // Two cores shared with others: run it under `nice`. A mutant that loops forever is ended by
  // the timeout (and reported Timeout, which counts as killed); the specs' own deadlines end one
  // that only hangs.
  concurrency: 2,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
