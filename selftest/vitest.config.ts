// The self-tests (`npm test`): the suite against the reference and the mutants, the CLI, the
// reports, and the reference's own parts. .ci/run sets IMC_SELFTEST_JSON to count results.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first: the two workers then end together. vitest's own
 * order needs the timings of an earlier run, which a clean clone (CI) does not have, and puts
 * large files first (slow-link.test.ts is short, waits 70 s on its links, and would come last).
 */
const LONGEST_FIRST = [
  ...['mutants', 'remote/browser-driver', 'live/slow-link', 'report/reports', 'hostile/hostile', 'live/budget', 'package/tarball', 'remote/cli', 'variants/variants', 'cli/cli', 'reference-run'],
  ...['report/session', 'tencent/credentials', 'remote/failure', 'hostile/interrupt', 'cli/malformed', 'cli/adapter-options', 'bench/proc', 'tencent/sdk', 'remote/link', 'report/allure', 'remote/react-native-template'],
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(`/selftest/${name}.test.ts`));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

const json = process.env.IMC_SELFTEST_JSON;

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['selftest/**/*.test.ts'],
    pool: 'forks',
    // A worker process runs file after file with its modules loaded: most files take well under a
    // second, and a fresh process each would cost more than they do. The one module state files
    // share is meant to be shared: run-cli.ts's idle run hosts.
    isolate: false,
    // Two test files at once even on 2 cores (vitest's default there is one): much of a file's time
    // is spent waiting (slow links, npm, subprocess start-up), which the other file's runs can use.
    maxWorkers: 2,
    // For the files whose runs wait on a link (slow-link.test.ts): three of them at a time. Files of
    // CPU-bound runs run them one at a time; the other file worker keeps the second core busy.
    maxConcurrency: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    watch: false,
    sequence: { sequencer: LongestFirst },
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
