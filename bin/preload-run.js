// A run's heavy dependencies, loaded before tsx's hooks are registered: every module loaded
// after goes through tsx's loader thread, and vitest's own module graph alone then costs about
// 1.7 s of CPU per run (measured: loading the CLI takes 1.2 s of CPU this way, 2.9 s otherwise).
// Imported by bin/im-conformance.js for `run` and `replay`, and by the self-tests that start the
// run pipeline in a process of its own (`node --import ./bin/preload-run.js --import tsx ...`).
await Promise.all(['vitest/node', 'allure-vitest/reporter', 'allure-js-commons', 'zod', 'ws', 'fast-check'].map((m) => import(m)));
