// The conformance run (vitest.config.ts) as Stryker needs it; see stryker.config.mjs.
import { mergeConfig } from 'vitest/config';
import conformance from './vitest.config.ts';

export default mergeConfig(conformance, {
  test: {
    // A mutant in module-level code (a constant table, a schema) only takes effect when the
    // module is evaluated afresh under it: every test file gets its own module graph.
    isolate: true,
    // Loaded before the first test, not inside it (fixtures/spec.ts loads the adapter lazily),
    // so Stryker sees module-level code as run by every spec, not by whichever spec came first.
    setupFiles: ['./adapters/reference/index.ts'],
    // Stryker attributes coverage to the test running: specs side by side would blur it.
    sequence: { concurrent: false },
  },
});
