import { randomInt, randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stackFilePath } from '@workbench/stack-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// The render reuses a program's result when nothing it was computed from changed. A stale result
// would ship yesterday's manifests, so: every kind of input must make the units that read it run
// again (and only those), and what a reused render writes must be byte-identical to a full render
// from scratch (`--no-cache`) — checked before the edits and after all of them, when the tree holds
// results reused across every kind of change. Each edit carries a fresh nonce, so no other test's
// results can answer.
// Variables, the clock and failed runs: tools/workbench/test/result-cache.test.ts.
let ws: TempWorkspace;
const ENVIRONMENTS = ['staging', 'production'];
const UNITS = ['staging', 'production', 'cloud/shared', 'cloud/staging', 'cloud/production'];

beforeAll(async () => {
  ws = await createTempWorkspace();
});
afterAll(() => ws.dispose());

/** Renders staging and production; returns the units whose program ran (not reused). */
async function render(...flags: string[]): Promise<string[]> {
  const output = await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--env', ...ENVIRONMENTS, ...flags]);
  for (const unit of UNITS) expect(output, output).toMatch(new RegExp(`render ${unit}: `));
  return UNITS.filter((unit) => !new RegExp(`render ${unit}: .*\\(inputs unchanged: reused\\)`).test(output));
}

/** The reused render wrote exactly what running every program again writes. */
async function expectSameAsFullRender() {
  const result = await ws.attempt(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--check', '--no-cache', '--env', ...ENVIRONMENTS]);
  expect(result.exitCode, result.output).toBe(0);
  expect(result.output).not.toContain('reused');
}

describe('the render cache', () => {
  it('reuses every unit when nothing changed, writing what a full render writes', async () => {
    await render();
    expect(await render()).toEqual([]);
    await expectSameAsFullRender();
  });

  it('a workload file: every unit runs again (each program reads every app)', async () => {
    const app = (await ws.run('git', ['ls-files', 'apps/*/workload.yaml'])).split('\n')[0]!;
    await ws.write(app, `${await ws.read(app)}\n# ${randomUUID()}\n`);
    expect(await render()).toEqual(UNITS);
    expect(await render()).toEqual([]);
  });

  it('a component of the workloads program: its environments run again, the cloud stacks are reused', async () => {
    await ws.write('platform/components/app-workload.ts', `${await ws.read('platform/components/app-workload.ts')}\n// ${randomUUID()}\n`);
    expect(await render()).toEqual(['staging', 'production']);
  });

  it('a lib both programs import: every unit runs again', async () => {
    await ws.write('libs/stack-config/src/cloud-names.ts', `${await ws.read('libs/stack-config/src/cloud-names.ts')}\n// ${randomUUID()}\n`);
    expect(await render()).toEqual(UNITS);
  });

  it("a value in a stack config: that environment runs again, the other environment's is reused", async () => {
    // A retention no other test renders with, so no stored result can answer.
    const retention = `${randomInt(100, 100_000)}d`;
    const stack = await ws.read(stackFilePath('production'));
    expect(stack).toMatch(/prometheusRetention: \w+/);
    await ws.write(stackFilePath('production'), stack.replace(/prometheusRetention: \w+/, `prometheusRetention: ${retention}`));
    const ran = await render();
    expect(ran).toContain('production');
    expect(ran).not.toContain('staging');
    expect(await ws.run('grep', ['-rl', `retention: ${retention}`, 'environments/production'])).not.toBe('');
  });

  it('an installed package version: every unit runs again; after every kind of change the tree is what a full render writes', async () => {
    // The workspace's node_modules links the real packages; its own copy of npm's lock stands for an upgrade.
    const lock = join(ws.dir, 'node_modules/.package-lock.json');
    const content = await readFile(lock, 'utf8');
    await rm(lock);
    await writeFile(lock, content.replace('"lockfileVersion": 3', `"lockfileVersion": 3, "upgraded": "${randomUUID()}"`));
    expect(await render()).toEqual(UNITS);
    await expectSameAsFullRender();
  });
});
