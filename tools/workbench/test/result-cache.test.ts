import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgramInWorker } from '../src/engine/run-in-worker.js';
import type { ProgramResult } from '../src/engine/types.js';

// The engine reuses a program's result only when everything the program read is unchanged: the
// files and folders it read, the variables it read, and never when it read the clock, read in a
// way the recorder cannot follow, or failed. Each case runs a small program twice in a workspace
// of its own (cache included), through the same worker the render uses. Changes to the program's
// own sources, libs, stack configs and packages are shown through the CLI (render-cache.e2e.test.ts):
// a process bundles each program once.
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
/** Program bundles, outside the workspace as the shared node_modules/.cache is for a worktree. */
let bundles: string;

const PROGRAM = `import * as k8s from '@pulumi/kubernetes';
import { createReadStream, readFileSync } from 'node:fs';
const mode = process.env.DEMO_MODE ?? readFileSync(new URL('./mode.txt', import.meta.url), 'utf8').trim();
if (mode === 'fail') throw new Error('mode says fail');
if (process.env.DEMO_CLOCK) new Date();
if (process.env.DEMO_STREAM) createReadStream(new URL('./mode.txt', import.meta.url)).destroy();
new k8s.core.v1.ConfigMap('cm', { metadata: { name: 'settings', namespace: 'demo' }, data: { mode } });
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbench-result-cache-'));
  bundles = await mkdtemp(join(tmpdir(), 'workbench-result-cache-bundles-'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await mkdir(join(dir, 'program'));
  await writeFile(join(dir, 'program/index.ts'), PROGRAM);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(bundles, { recursive: true, force: true });
});

/** Runs the program with its own result cache; returns whether it was reused and the ConfigMap's mode. */
async function run(env: Record<string, string> = {}, cacheName = 'cache', workspace = dir): Promise<{ cached: boolean; mode: unknown; result: ProgramResult }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await runProgramInWorker({
      programFile: join(workspace, 'program/index.ts'),
      programRoot: join(workspace, 'program'),
      project: 'demo',
      stack: 'test',
      config: {},
      cacheDir: bundles,
      // One cache for every copy, as temp copies and worktrees share node_modules/.cache.
      resultCache: { dir: join(dir, cacheName), workspaceRoot: workspace },
    });
    const configMap = result.resources.find((r) => r.type === 'kubernetes:core/v1:ConfigMap');
    return { cached: result.cached === true, mode: (configMap?.inputs?.data as { mode?: unknown } | undefined)?.mode, result };
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

const setMode = (mode: string) => writeFile(join(dir, 'program/mode.txt'), `${mode}\n`);

describe('reusing a program result', () => {
  it('reuses an unchanged run, with the same resources, and runs again when a file it read changes', async () => {
    await setMode('fast');
    const first = await run();
    expect(first).toMatchObject({ cached: false, mode: 'fast' });
    const second = await run();
    expect(second).toMatchObject({ cached: true, mode: 'fast' });
    expect(second.result.resources).toEqual(first.result.resources);
    expect(second.result.dependencies).toBeUndefined();

    await setMode('slow');
    expect(await run()).toMatchObject({ cached: false, mode: 'slow' });
    expect(await run()).toMatchObject({ cached: true, mode: 'slow' });
    // Back to content seen before: that result is still kept.
    await setMode('fast');
    expect(await run()).toMatchObject({ cached: true, mode: 'fast' });
  });

  it('reuses a run of another copy of the workspace, from another folder, with locations relative to where it runs', async () => {
    await setMode('copied');
    const first = await run();
    const source = first.result.resources.find((r) => r.type === 'kubernetes:core/v1:ConfigMap')?.source;
    expect(source).toBe(`${relative(process.cwd(), join(dir, 'program/index.ts'))}:7:2`);
    // A worktree of the same content elsewhere, with the command run from inside it.
    const copy = join(dir, 'worktree');
    await cp(join(dir, 'program'), join(copy, 'program'), { recursive: true });
    await symlink(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const cwd = process.cwd();
    process.chdir(join(copy, 'program'));
    try {
      const reused = await run({}, 'cache', copy);
      expect(reused).toMatchObject({ cached: true, mode: 'copied' });
      expect(reused.result.resources.find((r) => r.type === 'kubernetes:core/v1:ConfigMap')?.source).toBe('index.ts:7:2');
    } finally {
      process.chdir(cwd);
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('runs again when a variable it read changes, or is set where it was unset', async () => {
    await setMode('fast');
    await run();
    expect(await run({ DEMO_MODE: 'from-env' })).toMatchObject({ cached: false, mode: 'from-env' });
    expect(await run({ DEMO_MODE: 'from-env' })).toMatchObject({ cached: true, mode: 'from-env' });
    expect(await run({ DEMO_MODE: 'other' })).toMatchObject({ cached: false, mode: 'other' });
    // A variable the program never reads changes nothing.
    expect(await run({ DEMO_MODE: 'other', UNRELATED_SETTING: 'x' })).toMatchObject({ cached: true });
  });

  it('never reuses a run that read the clock, read through a stream, or failed', async () => {
    await setMode('fast');
    for (const env of [{ DEMO_CLOCK: '1' }, { DEMO_STREAM: '1' }] as Record<string, string>[]) {
      expect(await run(env, 'never')).toMatchObject({ cached: false, mode: 'fast' });
      expect(await run(env, 'never')).toMatchObject({ cached: false, mode: 'fast' });
    }
    await setMode('fail');
    const failed = await run({}, 'never');
    expect(failed.result.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('mode says fail'));
    expect((await run({}, 'never')).cached).toBe(false);
  });
});
