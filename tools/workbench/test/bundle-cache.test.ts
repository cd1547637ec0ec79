import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bundledProgram, cachedBundle } from '../src/engine/bundle.js';
import { bundleModuleUrl } from '../src/engine/bundle-url.js';
import { bundlePositionMapper } from '../src/engine/source-location.js';

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

  describe('built for a checkout', () => {
    // Two checkouts as `linkInstalledPackages` makes them: the second's node_modules is a folder
    // of links — registry packages and the cache to the first's, its workspace lib to its own.
    const checkout = (name: string) => join(dir, name);
    const forCheckout = (name: string) => ({ entries: { program: join(checkout(name), 'program/index.ts') }, outRoot: join(checkout(name), 'node_modules/.cache/programs'), pinExternals: true, root: checkout(name) });
    const loadFor = async (file: string, root: string) => (await import(`${bundleModuleUrl(file, root)}&load=${++loads}`)) as { describe(): string };

    beforeEach(async () => {
      await cp(join(dir, 'program'), join(dir, 'a/program'), { recursive: true });
      await cp(join(dir, 'program'), join(dir, 'b/program'), { recursive: true });
      await write('b/program/data.txt', 'data-of-b\n');
      for (const name of ['a', 'b']) await write(`${name}/libs/fake-lib/index.ts`, `export const lib: string = 'lib-v1';\n`);
      await write('a/libs/fake-lib/package.json', JSON.stringify({ name: '@workbench/fake-lib', type: 'module', main: 'index.ts' }));
      await cp(join(dir, 'a/libs/fake-lib/package.json'), join(dir, 'b/libs/fake-lib/package.json'));
      await mkdir(join(dir, 'a/node_modules/@workbench'), { recursive: true });
      await mkdir(join(dir, 'b/node_modules/@workbench'), { recursive: true });
      await cp(join(dir, 'node_modules/fake-ext'), join(dir, 'a/node_modules/fake-ext'), { recursive: true });
      await mkdir(join(dir, 'a/node_modules/.cache'), { recursive: true });
      await symlink(join(dir, 'a/libs/fake-lib'), join(dir, 'a/node_modules/@workbench/fake-lib'));
      await symlink(join(dir, 'b/libs/fake-lib'), join(dir, 'b/node_modules/@workbench/fake-lib'));
      await symlink(join(dir, 'a/node_modules/fake-ext'), join(dir, 'b/node_modules/fake-ext'));
      await symlink(join(dir, 'a/node_modules/.cache'), join(dir, 'b/node_modules/.cache'));
    });

    it('is one bundle for every checkout of the same sources, each seeing its own files', async () => {
      const inA = await cachedBundle(forCheckout('a'));
      expect(inA.portable).toBe(true);
      vi.mocked(esbuild.build).mockClear();
      const inB = await cachedBundle(forCheckout('b'));
      expect(esbuild.build).not.toHaveBeenCalled();
      expect(inB.dir).toBe(inA.dir);
      // Each checkout's own inputs, by absolute path, for the render cache's fingerprint.
      expect(Object.keys(inB.inputHashes)).toContain(join(checkout('b'), 'program/component.ts'));
      const program = join(inA.dir, 'program.mjs');
      expect(await readFile(program, 'utf8')).not.toContain(checkout('a'));
      // The data file each module reads beside itself, and its folder, are the checkout's own.
      expect((await loadFor(program, checkout('a'))).describe()).toBe(`component-v1 lib-v1 ext-v1 data-v1 ${join(checkout('a'), 'program')}`);
      expect((await loadFor(program, checkout('b'))).describe()).toBe(`component-v1 lib-v1 ext-v1 data-of-b ${join(checkout('b'), 'program')}`);
      await expect(import(`${pathToFileURL(program).href}?load=${++loads}`)).rejects.toThrow(/shared by every checkout of its sources/);
    });

    it('maps a stack frame to the source of the checkout it runs for', async () => {
      const { dir: bundleDir } = await cachedBundle(forCheckout('a'));
      const lines = (await readFile(join(bundleDir, 'program.mjs'), 'utf8')).split('\n');
      const line = lines.findIndex((text) => text.includes("'component-v1'") || text.includes('"component-v1"')) + 1;
      expect(line).toBeGreaterThan(0);
      const position = { file: join(bundleDir, 'program.mjs'), line, column: 1 };
      expect(bundlePositionMapper(bundleDir, checkout('b'))(position)).toMatchObject({ file: join(checkout('b'), 'program/component.ts'), line: 1 });
      expect(bundlePositionMapper(bundleDir, checkout('a'))(position)).toMatchObject({ file: join(checkout('a'), 'program/component.ts'), line: 1 });
    });

    it('keeps the builds of checkouts at different commits, and rebuilds only the one whose sources changed', async () => {
      const first = await cachedBundle(forCheckout('a'));
      await write('b/program/component.ts', `export const component: string = 'component-of-b';\n`);
      const changed = await cachedBundle(forCheckout('b'));
      expect(changed.dir).not.toBe(first.dir);
      vi.mocked(esbuild.build).mockClear();
      for (let i = 0; i < 2; i++) {
        expect((await cachedBundle(forCheckout('a'))).dir).toBe(first.dir);
        expect((await cachedBundle(forCheckout('b'))).dir).toBe(changed.dir);
      }
      expect(esbuild.build).not.toHaveBeenCalled();
      expect((await loadFor(join(changed.dir, 'program.mjs'), checkout('b'))).describe()).toContain('component-of-b');
    });

    it('is built for its checkout alone when it imports a package from outside the shared node_modules', async () => {
      await write('b/program/node_modules/fake-ext/package.json', JSON.stringify({ name: 'fake-ext', type: 'module', main: 'main.js' }));
      await write('b/program/node_modules/fake-ext/main.js', `export const ext = 'ext-nested';\n`);
      const inB = await cachedBundle(forCheckout('b'));
      expect(inB.portable).toBe(false);
      expect((await loadFor(join(inB.dir, 'program.mjs'), checkout('b'))).describe()).toContain('ext-nested');
      const inA = await cachedBundle(forCheckout('a'));
      expect(inA.portable).toBe(true);
      expect(inA.dir).not.toBe(inB.dir);
      expect((await loadFor(join(inA.dir, 'program.mjs'), checkout('a'))).describe()).toContain('ext-v1');
    });

    it('is built once, for its checkout alone, when its workspace packages link into another checkout', async () => {
      await rm(join(checkout('b'), 'node_modules/@workbench/fake-lib'));
      await symlink(join(dir, 'a/libs/fake-lib'), join(dir, 'b/node_modules/@workbench/fake-lib'));
      vi.mocked(esbuild.build).mockClear();
      const inB = await cachedBundle(forCheckout('b'));
      expect(esbuild.build).toHaveBeenCalledTimes(1);
      expect(inB.portable).toBe(false);
      expect((await loadFor(join(inB.dir, 'program.mjs'), checkout('b'))).describe()).toContain('data-of-b');
    });

    it('is what bundledProgram gives, with the URL to import it by', async () => {
      const program = await bundledProgram(join(checkout('b'), 'program/index.ts'), join(checkout('b'), 'node_modules/.cache/programs'), checkout('b'));
      expect(program.url).toBe(bundleModuleUrl(program.module, checkout('b')));
      expect(((await import(program.url)) as { describe(): string }).describe()).toContain('data-of-b');
    });
  });
});
