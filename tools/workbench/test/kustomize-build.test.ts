import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kustomizeBuilds } from '../src/validate/kustomize-build.js';
import { writeKubectlWrapper } from './support/kubectl-wrapper.js';
import { readEnvironmentManifests } from '../src/validate/read-manifests.js';

// The real kubectl behind a wrapper that logs each `kustomize` run and how many resources its
// kustomization listed, so the tests see which builds ran. FAKE_KUBECTL_COMMIT stands for an
// upgraded kubectl in `kubectl version`.
let root: string;
let bin: string;
const log = () => join(root, 'kubectl.log');
const FOLDER = 'environments/staging/apps/big';
const FILES = 320;
const configMap = (i: number, data: unknown = { n: String(i) }) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'big' }, data });
const file = (i: number) => `${FOLDER}/configmap-${String(i).padStart(3, '0')}.yaml`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'workbench-kustomize-'));
  bin = join(root, 'bin');
  await mkdir(bin);
  await writeKubectlWrapper(bin, log());
  await mkdir(join(root, FOLDER), { recursive: true });
  await writeFile(join(root, FOLDER, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: Array.from({ length: FILES }, (_, i) => file(i).split('/').pop()) }));
  for (let i = 0; i < FILES; i++) await writeFile(join(root, file(i)), configMap(i));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/**
 * kustomizeBuilds over the environments at once, as validate calls it, with the wrapper first on PATH;
 * returns its findings, how many resources each build listed, and the folders built whole.
 */
async function build(cacheDir: string | undefined, env: Record<string, string> = {}, environments = ['staging']) {
  const saved = { PATH: process.env.PATH, FAKE_KUBECTL_COMMIT: process.env.FAKE_KUBECTL_COMMIT };
  Object.assign(process.env, { PATH: `${bin}:${process.env.PATH}`, ...env });
  await writeFile(log(), '');
  try {
    const findings = (
      await Promise.all(
        environments.map(async (environment) => {
          const { objects, kustomizations } = await readEnvironmentManifests(root, environment);
          return (await kustomizeBuilds(root, kustomizations, objects, cacheDir)).findings;
        }),
      )
    ).flat();
    const lines = (await readFile(log(), 'utf8')).split('\n').filter(Boolean).map((line) => line.split(' '));
    return { findings, builds: lines.map(([count]) => Number(count)), whole: lines.map(([, path]) => path!).filter((path) => !path.startsWith(tmpdir())) };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('kustomize builds', () => {
  it('builds a large folder in groups, none past 150 objects (one build of all grows with their square)', async () => {
    const { findings, builds } = await build(undefined);
    expect(findings).toEqual([]);
    expect(builds).toEqual([150, 150, 20]);
  });

  it('reports a file kustomize refuses against the kustomization.yaml of its folder', async () => {
    await writeFile(join(root, file(7)), stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'big' } }));
    try {
      const { findings } = await build(undefined);
      expect(findings).toEqual([
        { severity: 'error', file: `${FOLDER}/kustomization.yaml`, object: '', rule: 'kustomize', message: expect.stringContaining('missing metadata.name') },
      ]);
    } finally {
      await writeFile(join(root, file(7)), configMap(7));
    }
  });

  it('with a cache, builds again only the files whose bytes changed, and never records one that failed', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'workbench-kustomize-cache-'));
    try {
      expect((await build(cache)).builds).toEqual([150, 150, 20]);
      expect((await build(cache)).builds).toEqual([]);

      await writeFile(join(root, file(3)), configMap(3, { n: 'changed' }));
      expect(await build(cache)).toEqual({ findings: [], builds: [1], whole: [] });

      await writeFile(join(root, file(4)), 'just a string\n');
      for (let run = 0; run < 2; run++) {
        const { findings, builds, whole } = await build(cache);
        expect(findings).toEqual([expect.objectContaining({ file: `${FOLDER}/kustomization.yaml`, rule: 'kustomize', message: expect.stringContaining('missing Resource metadata') })]);
        // The broken file again, then its folder whole, which is what names the failure.
        expect({ builds, whole }).toEqual({ builds: [1, FILES], whole: [FOLDER] });
      }
      // Back to bytes that built before: nothing to build.
      await writeFile(join(root, file(4)), configMap(4));
      expect((await build(cache)).builds).toEqual([]);
      // Another kubectl (another kustomize) trusts nothing recorded with the old one.
      expect((await build(cache, { FAKE_KUBECTL_COMMIT: 'upgraded' })).builds).toEqual([150, 150, 20]);
    } finally {
      await writeFile(join(root, file(3)), configMap(3));
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('keeps what every environment built when they are validated at once', async () => {
    const other = 'environments/production/apps/big';
    await mkdir(join(root, other), { recursive: true });
    await writeFile(join(root, other, 'kustomization.yaml'), stringify({ resources: ['configmap.yaml'] }));
    await writeFile(join(root, other, 'configmap.yaml'), configMap(2000));
    const cache = await mkdtemp(join(tmpdir(), 'workbench-kustomize-cache-'));
    try {
      expect((await build(cache, {}, ['staging', 'production'])).builds.sort()).toEqual([1, 150, 150, 20]);
      expect((await build(cache, {}, ['staging', 'production'])).builds).toEqual([]);
    } finally {
      await rm(join(root, 'environments/production'), { recursive: true, force: true });
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('builds a folder whose kustomization does more than list its own files whole, and caches nothing of it', async () => {
    const other = 'environments/staging/apps/labelled';
    await mkdir(join(root, other), { recursive: true });
    await writeFile(join(root, other, 'configmap.yaml'), configMap(1000));
    await writeFile(join(root, other, 'kustomization.yaml'), stringify({ resources: ['configmap.yaml'], commonLabels: { team: 'x' } }));
    const cache = await mkdtemp(join(tmpdir(), 'workbench-kustomize-cache-'));
    try {
      await build(cache);
      // The big folder's files were recorded; the labelled folder builds again, whole.
      expect(await build(cache)).toEqual({ findings: [], builds: [1], whole: [other] });
    } finally {
      await rm(join(root, other), { recursive: true, force: true });
      await rm(cache, { recursive: true, force: true });
    }
  });
});
