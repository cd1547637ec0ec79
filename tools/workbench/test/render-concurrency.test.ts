import { mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceEnvironments, writeEnvironments } from '../src/render/environment-files.js';
import { createRenderWorkspace, REPO_ROOT, type RenderWorkspace } from './support/render-workspace.js';

// Renders that overlap, and renders that were killed, through the real `workbench render`.
let ws: RenderWorkspace;
let expected: Map<string, string>;
const render = () => execa(join(REPO_ROOT, 'node_modules/.bin/workbench'), ['render', '--env', 'staging', 'lab'], { cwd: ws.dir, reject: false, all: true, env: { CI: 'true' } });
/** What a render leaves under environments/ besides the environments themselves. */
const leftovers = async () => (await readdir(join(ws.dir, 'environments'))).filter((name) => name.startsWith('.'));

beforeAll(async () => {
  ws = await createRenderWorkspace();
  const first = await render();
  expect(first.exitCode, first.all).toBe(0);
  expected = await ws.snapshotEnvironments();
}, 60_000);
afterAll(() => ws.dispose());

describe('concurrent and interrupted renders', () => {
  it('two renders at once both succeed and leave the complete tree, nothing else', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([render(), render()]);
      expect(a.exitCode, a.all).toBe(0);
      expect(b.exitCode, b.all).toBe(0);
      expect(await ws.snapshotEnvironments()).toEqual(expected);
      expect(await leftovers()).toEqual([]);
    }
  });

  it('writes of overlapping renders never interleave: each replaces the environments whole', async () => {
    // Thousands of files make the write phase long enough for two writers to overlap every time.
    const envs = join(ws.dir, 'environments');
    const files = (tag: string) => new Map(Array.from({ length: 3000 }, (_, i) => [`apps/ns-${i % 30}/configmap-${i}.yaml`, `# ${tag} ${i}\n`]));
    const messages: string[] = [];
    await Promise.all([
      writeEnvironments(envs, [{ env: 'big', files: files('a') }], (m) => messages.push(m)),
      writeEnvironments(envs, [{ env: 'big', files: files('b') }], (m) => messages.push(m)),
    ]);
    const written = await readdir(join(envs, 'big'), { recursive: true, withFileTypes: true });
    const contents = await Promise.all(written.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
    expect(contents).toHaveLength(3000);
    // One writer's tree, complete: not a mix of the two.
    expect(new Set(contents.map((c) => c.split(' ')[1])).size).toBe(1);
    expect(messages.join('\n')).toMatch(/another `workbench render` is writing .*; waiting for it/);
    expect(await leftovers()).toEqual([]);
    await rm(join(envs, 'big'), { recursive: true });
  });

  it('takes over the lock and the staging folders a killed render left behind', async () => {
    // A render killed between its two renames: the lock, a half-written next tree, and the
    // previous tree moved aside with no environment in its place.
    const envs = join(ws.dir, 'environments');
    await mkdir(join(envs, '.render.lock'));
    const long = new Date(Date.now() - 60_000);
    await utimes(join(envs, '.render.lock'), long, long);
    await mkdir(join(envs, '.staging.render-next/apps'), { recursive: true });
    await writeFile(join(envs, '.staging.render-next/apps/half.yaml'), 'kind: ConfigMap\n');
    await rename(join(envs, 'staging'), join(envs, '.staging.render-previous'));
    const result = await render();
    expect(result.exitCode, result.all).toBe(0);
    expect(await ws.snapshotEnvironments()).toEqual(expected);
    expect(await leftovers()).toEqual([]);
  });

  it('the writer refuses a path that leaves the environment folder, writing nothing', async () => {
    const envs = join(ws.dir, 'environments');
    await expect(replaceEnvironments(envs, [{ env: 'staging', files: new Map([['../../.github/workflows/pwned.yaml', 'x']]) }])).rejects.toThrow(/outside environments\/staging/);
    expect(existsSync(join(ws.dir, '.github'))).toBe(false);
    expect(await ws.snapshotEnvironments()).toEqual(expected);
    expect(await leftovers()).toEqual([]);
  });
});
