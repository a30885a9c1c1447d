// The conformance run: every spec in specs/, run by `im-conformance run` (cli/engine/run.ts), which
// adds its reporters and hands the workers the run's plan. Run directly (`npx vitest run`) it uses
// vitest's default reporter and the IMC_* defaults of fixtures/run-config.ts (the reference adapter).
import { defineConfig } from 'vitest/config';
import { conformanceWorkers, runConfigFromEnv } from './fixtures/run-config.ts';

/** vitest's own timeout is a backstop behind the run's spec guard (fixtures/spec.ts), which reports itself as what it is. */
const backstopMs = runConfigFromEnv(process.env).specGuardMs + 60_000;

export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts'],
    setupFiles: ['allure-vitest/setup'],
    // Threads start faster than forks, and without per-file isolation a worker keeps its module
    // graph (the adapter is loaded once per worker): the run takes half the time (measured 4.8 s
    // vs 10 s isolated, 13 s with forks, 2 CPUs). Safe because every spec starts its own
    // deployment (Scene.start) and the fixtures and reference keep no module-level state.
    pool: 'threads',
    isolate: false,
    // Run directly, two workers at least; `im-conformance run` sets them from the calibrated
    // round trip (fixtures/run-config.ts: one on two cores when the run does not wait on a link).
    maxWorkers: conformanceWorkers(),
    // Specs wait on round trips, not on the CPU: each worker runs many of a file at once, so over a
    // slow link their waits overlap (each spec has its own deployment; nothing is shared).
    sequence: { concurrent: true },
    maxConcurrency: 16,
    // Time never decides a verdict: every adapter call has its own deadline (RunConfig.timeoutMs), and
    // the spec guard (RunConfig.specGuardMs) ends a runaway spec as "not tested". This is behind both
    // (the CLI sets it from its plan).
    testTimeout: backstopMs,
    hookTimeout: backstopMs,
    teardownTimeout: 5_000,
    watch: false,
    // A conformance run must never pass because a test was focused with .only.
    allowOnly: false,
    // Transformed specs and fixtures are kept on disk (node_modules/.experimental-vitest-cache, by
    // content hash) and reused by the next run: a run starts faster, and the self-tests' many runs too.
    experimental: { fsModuleCache: true },
  },
});
