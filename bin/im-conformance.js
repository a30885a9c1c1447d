#!/usr/bin/env node
// The im-conformance command: TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

if (process.argv[2] === 'run' || process.argv[2] === 'replay') await import('./preload-run.js');
register();
const { runAsProcess } = await import('../cli/main.ts');
await runAsProcess();
