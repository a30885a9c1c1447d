// The mutation score (`npm run mutation`): how much of a broken reference implementation the
// conformance specs catch. Stryker mutates the reference's core, runs the specs against each
// mutant (the default adapter of fixtures/run-config.ts is the reference, loaded from the
// sandbox copy), and reports killed and surviving mutants. Not part of CI: a full run took 98 min on
// two shared cores. Survivors and why they survive: docs/mutation-survivors.md.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * Code no conformance rule can see, left unmutated (Stryker reports it as Ignored, with the
 * reason): the text of answers and errors, and the members that serve the harness rather than
 * an SDK user. Everything else in the four files is mutated and counts.
 */
const HARNESS_MEMBERS = {
  // Listening, stopping and the network-fault barrier; the REST admin API's own login.
  ReferenceServer: ['start', 'url', 'adminUrl', 'port', 'stop', 'whenClosed', 'verifyAdminTicket'],
  // The settle and network-fault barriers, and the harness's stop.
  ReferenceClient: ['idle', 'ping', 'whenDisconnected', 'dispose'],
};

/** @param {any} path a Babel NodePath */
function notInTheRules(path) {
  const parent = path.parentPath;
  if (parent?.isObjectProperty() && path.key === 'value' && parent.node.key.name === 'desc') return 'answer text (desc): no rule reads it';
  if (parent?.isNewExpression() && path.listKey === 'arguments' && parent.node.callee.name === 'Error') return 'error message text';
  if (path.isClassMethod() || path.isClassPrivateMethod()) {
    const owner = path.parentPath.parentPath.node.id?.name;
    const name = path.node.key.name ?? path.node.key.id?.name;
    if (HARNESS_MEMBERS[owner]?.includes(name)) return `${owner}.${name}: serves the harness, not an SDK user`;
  }
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'not-in-the-rules', { shouldIgnore: notInTheRules })];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // This file is also the plugin module of the ignorer above.
  appendPlugins: ['./stryker.config.mjs'],
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
