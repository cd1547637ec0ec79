import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedBundle } from '../src/engine/bundle.js';

// esbuild as it is, with its builds counted.
vi.mock('esbuild', async (original) => {
  const actual = await original<typeof import('esbuild')>();
  return { ...actual, build: vi.fn(actual.build) };
});

// The CLI and every program run from bundles cached by the content of their inputs. A stale bundle
// would render yesterday's components, so each kind of input must invalidate it, and a bundle must
// behave as its source does.

let dir: string;
const write = async (path: string, content: string) => {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
};
const request = () => ({ entries: { program: join(dir, 'program/index.ts') }, outRoot: join(dir, 'cache'), pinExternals: true });
/** Imports a bundle's entry afresh (a new URL each time, so Node's module cache cannot answer). */
let loads = 0;
const load = async (bundleDir: string) => (await import(`${pathToFileURL(join(bundleDir, 'program.mjs')).href}?${++loads}`)) as { describe(): string };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbench-bundle-'));
  await write('program/index.ts', `import { component } from './component.ts';\nimport { lib } from '@workbench/fake-lib';\nimport { ext } from 'fake-ext';\nimport { readFileSync } from 'node:fs';\nconst data = readFileSync(new URL('./data.txt', import.meta.url), 'utf8').trim();\nexport const describe = (): string => [component, lib, ext, data, import.meta.dirname].join(' ');\n`);
  await write('program/component.ts', `export const component: string = 'component-v1';\n`);
  await write('program/data.txt', 'data-v1\n');
  await write('node_modules/@workbench/fake-lib/package.json', JSON.stringify({ name: '@workbench/fake-lib', type: 'module', main: 'index.ts' }));
  await write('node_modules/@workbench/fake-lib/index.ts', `export const lib: string = 'lib-v1';\n`);
  await write('node_modules/fake-ext/package.json', JSON.stringify({ name: 'fake-ext', type: 'module', main: 'index.js' }));
  await write('node_modules/fake-ext/index.js', `export const ext = 'ext-v1';\n`);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('cached bundles', () => {
  it('behave like the source: each module sees its own location, and npm packages load at run time', async () => {
    const bundle = await cachedBundle(request());
    expect(bundle.dir.startsWith(join(dir, 'cache'))).toBe(true);
    expect((await load(bundle.dir)).describe()).toBe(`component-v1 lib-v1 ext-v1 data-v1 ${join(dir, 'program')}`);
    const code = await readFile(join(bundle.dir, 'program.mjs'), 'utf8');
    expect(code).toContain('component-v1');
    expect(code).toContain('lib-v1');
    expect(code).not.toContain('ext-v1');
  });

  it('are reused while no input changed, and rebuilt when a program file or a workspace lib changes', async () => {
    const first = await cachedBundle(request());
    expect((await cachedBundle(request())).dir).toBe(first.dir);

    await write('program/component.ts', `export const component: string = 'component-v2';\n`);
    const afterComponent = await cachedBundle(request());
    expect(afterComponent.dir).not.toBe(first.dir);
    expect((await load(afterComponent.dir)).describe()).toContain('component-v2');

    await write('node_modules/@workbench/fake-lib/index.ts', `export const lib: string = 'lib-v2';\n`);
    const afterLib = await cachedBundle(request());
    expect(afterLib.dir).not.toBe(afterComponent.dir);
    expect((await load(afterLib.dir)).describe()).toContain('lib-v2');

    // Back to the first content: the content-addressed output is the first one again.
    await write('program/component.ts', `export const component: string = 'component-v1';\n`);
    await write('node_modules/@workbench/fake-lib/index.ts', `export const lib: string = 'lib-v1';\n`);
    expect((await cachedBundle(request())).dir).toBe(first.dir);
  });

  it('shared by two checkouts (a worktree, a temp copy linking node_modules), each keeps its own build', async () => {
    await cp(join(dir, 'program'), join(dir, 'copy/program'), { recursive: true });
    const copy = { ...request(), entries: { program: join(dir, 'copy/program/index.ts') } };
    const original = await cachedBundle(request());
    const copied = await cachedBundle(copy);
    expect((await load(copied.dir)).describe()).toContain(join(dir, 'copy/program'));
    vi.mocked(esbuild.build).mockClear();
    // Alternating between the checkouts, as tests and worktrees do, builds nothing again.
    for (let i = 0; i < 2; i++) {
      expect((await cachedBundle(request())).dir).toBe(original.dir);
      expect((await cachedBundle(copy)).dir).toBe(copied.dir);
    }
    expect(esbuild.build).not.toHaveBeenCalled();
  });

  it('built by several renders at once (a cold cache), all agree on one complete bundle', async () => {
    const dirs = new Set((await Promise.all([1, 2, 3, 4].map(() => cachedBundle(request())))).map((b) => b.dir));
    expect(dirs.size).toBe(1);
    expect((await load([...dirs][0]!)).describe()).toContain('component-v1');
  });

  it('load a new package version without rebuilding, and rebuild when a package moves or a nearer copy appears', async () => {
    const first = await cachedBundle(request());
    await write('node_modules/fake-ext/index.js', `export const ext = 'ext-v2';\n`);
    expect((await cachedBundle(request())).dir).toBe(first.dir);
    expect((await load(first.dir)).describe()).toContain('ext-v2');

    // npm installed another version nearer the program: from source, that one wins.
    await write('program/node_modules/fake-ext/package.json', JSON.stringify({ name: 'fake-ext', type: 'module', main: 'main.js' }));
    await write('program/node_modules/fake-ext/main.js', `export const ext = 'ext-nested';\n`);
    const nested = await cachedBundle(request());
    expect(nested.dir).not.toBe(first.dir);
    expect((await load(nested.dir)).describe()).toContain('ext-nested');

    // …and when it goes again, the one at the root is found again.
    await rm(join(dir, 'program/node_modules'), { recursive: true });
    const moved = await cachedBundle(request());
    expect((await load(moved.dir)).describe()).toContain('ext-v2');
  });
});
