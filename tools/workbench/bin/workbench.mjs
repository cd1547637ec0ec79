#!/usr/bin/env node
// The workbench CLI runs from its TypeScript source, bundled on first use and again whenever a
// source file changes (no build step to forget), so each start loads one file of plain JavaScript.
import { enableCompileCache } from 'node:module';
import { basename, dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { currentBuild } from '../src/engine/bundle-record.mjs';

const cliDir = dirname(dirname(fileURLToPath(import.meta.url)));
// Node keeps the compiled code of the CLI and its packages, so later starts skip compiling them.
enableCompileCache(join(cliDir, 'node_modules/.cache/workbench-node-compile'));
const request = {
  entries: { cli: join(cliDir, 'src/cli.ts') },
  outRoot: join(cliDir, 'node_modules/.cache/workbench-cli'),
};
// A current bundle starts without TypeScript or esbuild; only a changed source loads the bundler.
const dir = currentBuild(request)?.dir ?? (await (await import('../src/engine/bundle.ts')).cachedBundle(request)).dir;
// Who this CLI is, for what it keeps across runs (render/layout-memo.ts): its bundle's content hash.
globalThis[Symbol.for('workbench.cli-build')] = basename(dir);
process.setSourceMapsEnabled(true);
await import(join(dir, 'cli.mjs'));
