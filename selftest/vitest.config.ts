// The self-tests (`npm test`): the suite against the reference and the mutants, the CLI, the
// reports, and the reference's own parts. .ci/run sets IMC_SELFTEST_JSON to count results.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const json = process.env.IMC_SELFTEST_JSON;

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['selftest/**/*.test.ts'],
    pool: 'forks',
    // Mutant runs are subprocesses; three at a time keeps 2 cores busy without thrashing.
    maxConcurrency: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    watch: false,
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
