import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BUILD } from '../src/build-memo.js';
import { type LaidOut, LAYOUTS_KEPT, memoizedLayout } from '../src/render/layout-memo.js';

let dir: string;
let calls: number;
const objects = (name: string) => ({ env: 'staging', objects: [{ manifest: { kind: 'ConfigMap', metadata: { name } } }] });
const layOut = (name: string) => (): LaidOut => {
  calls++;
  return { problems: name === 'bad' ? [{ message: 'refused' }] : [], files: new Map([[`configmap-${name}.yaml`, `name: ${name}\n`]]) };
};
const runningAs = (build: string | undefined) => {
  (globalThis as Record<symbol, unknown>)[CLI_BUILD] = build;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbench-layout-memo-'));
  calls = 0;
});
afterEach(async () => {
  runningAs(undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('laid-out files kept across renders', () => {
  it('lays out the same objects once per CLI build, and gives back the same files and problems', () => {
    runningAs('build-a');
    const first = memoizedLayout(dir, objects('a'), layOut('a'));
    const again = memoizedLayout(dir, objects('a'), layOut('a'));
    expect(again).toEqual(first);
    expect(calls).toBe(1);
    const refused = memoizedLayout(dir, objects('bad'), layOut('bad'));
    expect(memoizedLayout(dir, objects('bad'), layOut('bad'))).toEqual(refused);
    expect(refused.problems).toEqual([{ message: 'refused' }]);
    expect(calls).toBe(2);
  });

  it('lays out again when anything it depends on differs: the objects, or the code (another CLI build)', () => {
    runningAs('build-a');
    memoizedLayout(dir, objects('a'), layOut('a'));
    expect(memoizedLayout(dir, objects('b'), layOut('b')).files).toEqual(new Map([['configmap-b.yaml', 'name: b\n']]));
    runningAs('build-b');
    memoizedLayout(dir, objects('a'), layOut('a'));
    expect(calls).toBe(3);
  });

  it('keeps nothing when running from source (no CLI build) or with the render cache off', async () => {
    runningAs(undefined);
    memoizedLayout(dir, objects('a'), layOut('a'));
    memoizedLayout(dir, objects('a'), layOut('a'));
    runningAs('build-a');
    memoizedLayout(undefined, objects('a'), layOut('a'));
    memoizedLayout(undefined, objects('a'), layOut('a'));
    expect(calls).toBe(4);
    expect(await readdir(dir)).toEqual([]);
  });

  it('lays out again over an entry it cannot read', async () => {
    runningAs('build-a');
    memoizedLayout(dir, objects('a'), layOut('a'));
    const [entry] = await readdir(dir);
    await writeFile(join(dir, entry!), '{"problems": [');
    expect(memoizedLayout(dir, objects('a'), layOut('a')).files.get('configmap-a.yaml')).toBe('name: a\n');
    expect(memoizedLayout(dir, objects('a'), layOut('a')).files.get('configmap-a.yaml')).toBe('name: a\n');
    expect(calls).toBe(2);
  });

  it(`keeps the ${LAYOUTS_KEPT} most recently used entries, and none unused for a week`, async () => {
    runningAs('build-a');
    memoizedLayout(dir, objects('old'), layOut('old'));
    const [old] = await readdir(dir);
    const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    await utimes(join(dir, old!), weekAgo, weekAgo);
    memoizedLayout(dir, objects('a'), layOut('a'));
    expect(await readdir(dir)).not.toContain(old);
    for (let i = 0; i < LAYOUTS_KEPT + 5; i++) memoizedLayout(dir, objects(`n${i}`), layOut(`n${i}`));
    expect((await readdir(dir)).length).toBeLessThanOrEqual(LAYOUTS_KEPT + 1);
    // The one just laid out is always kept.
    calls = 0;
    memoizedLayout(dir, objects(`n${LAYOUTS_KEPT + 4}`), layOut('x'));
    expect(calls).toBe(0);
  });
});
