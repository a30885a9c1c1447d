#!/usr/bin/env node
// The im-conformance command: TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runAsProcess } = await import('../cli/main.ts');
await runAsProcess();
