#!/usr/bin/env node
// The workbench CLI runs from TypeScript source through tsx: no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
