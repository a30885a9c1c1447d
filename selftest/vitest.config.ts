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
    // Two test files at once even on 2 cores (vitest's default there is one): much of a file's time
    // is spent waiting (slow links, npm, subprocess start-up), which the other file's runs can use.
    maxWorkers: 2,
    // Mutant runs are subprocesses; three at a time keeps 2 cores busy without thrashing.
    maxConcurrency: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    watch: false,
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
