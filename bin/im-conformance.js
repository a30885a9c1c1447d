#!/usr/bin/env node
// The im-conformance command: TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

// A run's heavy dependencies are loaded before tsx's hooks are registered: every module loaded
// after goes through tsx's loader thread, and vitest's own module graph alone then costs about
// 1.7 s of CPU per run (measured: loading the CLI takes 1.2 s of CPU this way, 2.9 s otherwise).
if (process.argv[2] === 'run' || process.argv[2] === 'replay') {
  await Promise.all(['vitest/node', 'allure-vitest/reporter', 'allure-js-commons', 'zod', 'ws', 'fast-check'].map((m) => import(m)));
}
register();
const { runAsProcess } = await import('../cli/main.ts');
await runAsProcess();
