import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LAB_LABELS } from '@workbench/lab-spec';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BUILD } from '../src/build-memo.js';
import { validateEnvironment } from '../src/validate/validate-environment.js';
import { writeKubectlWrapper } from './support/kubectl-wrapper.js';

// validate keeps an environment's findings by the exact bytes of its files (environment-memo.ts).
// A stale answer would pass what is now broken, so: each kind of input the key holds must make the
// environment be checked again, the lab policies (which read the clock) must run on every answer,
// and what is not a function of the environment's files must not be kept.
let root: string;
let bin: string;
const ENV = 'lab';
const NOW = new Date('2026-11-25T12:00:00Z');
const AFTER_EXPIRY = new Date('2026-11-28T12:00:00Z');

const namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'lab-spark-101-ada', labels: { [LAB_LABELS.lab]: 'spark-101', [LAB_LABELS.expires]: '20261127T170000Z', 'pod-security.kubernetes.io/enforce': 'restricted' } },
};
const defaultDeny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'lab-spark-101-ada' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'lab-spark-101-ada' }, data });
const kustomization = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['namespace.yaml', 'networkpolicy.yaml', 'configmap.yaml'], ...extra });

async function write(path: string, value: unknown) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), stringify(value));
}

/** validate of the environment with the CLI build `build` (none: running from source) and kubectl's commit `commit`. */
async function validate(now = NOW, { build = 'build-a', commit = '' }: { build?: string; commit?: string } = {}) {
  (globalThis as Record<symbol, unknown>)[CLI_BUILD] = build || undefined;
  const saved = { PATH: process.env.PATH, FAKE_KUBECTL_COMMIT: process.env.FAKE_KUBECTL_COMMIT };
  process.env.PATH = `${bin}:${process.env.PATH}`;
  process.env.FAKE_KUBECTL_COMMIT = commit;
  try {
    return await validateEnvironment(root, ENV, now);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'workbench-memo-bin-'));
  await writeKubectlWrapper(bin);
});
afterAll(() => rm(bin, { recursive: true, force: true }));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'workbench-memo-'));
  process.env.WORKBENCH_VALIDATE_CACHE = join(root, 'cache');
  await write(`environments/${ENV}/kustomization.yaml`, kustomization());
  await write(`environments/${ENV}/namespace.yaml`, namespace);
  await write(`environments/${ENV}/networkpolicy.yaml`, defaultDeny);
  await write(`environments/${ENV}/configmap.yaml`, configMap({ greeting: 'hello' }));
});
afterEach(async () => {
  delete process.env.WORKBENCH_VALIDATE_CACHE;
  (globalThis as Record<symbol, unknown>)[CLI_BUILD] = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('validated environments kept by their files', () => {
  it('answers an unchanged environment from the memo, with what checking it from source finds', async () => {
    const first = await validate();
    expect(first.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(first.reused).toBeUndefined();
    const again = await validate();
    expect(again.reused).toBe(true);
    const fromSource = await validate(NOW, { build: '' });
    expect(fromSource.reused).toBeUndefined();
    const { reused: _reused, ...answered } = again;
    expect(answered).toEqual(fromSource);
    expect({ files: again.files, objects: again.objects }).toEqual({ files: 4, objects: 3 });
  });

  it('runs the lab policies on every answer: a lab that expired since is refused', async () => {
    await validate();
    const later = await validate(AFTER_EXPIRY);
    expect(later.reused).toBe(true);
    expect(later.findings).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'lab-limits', message: expect.stringContaining('lab spark-101 expired at 20261127T170000Z') }));
    expect((await validate(AFTER_EXPIRY, { build: '' })).findings).toEqual(later.findings);
  });

  it('checks again when any input differs: a file, the CLI build, the installed packages, kubectl', async () => {
    await validate();
    await write(`environments/${ENV}/configmap.yaml`, configMap({ greeting: 'hello again' }));
    expect((await validate()).reused).toBeUndefined();
    expect((await validate()).reused).toBe(true);
    expect((await validate(NOW, { build: 'build-b' })).reused).toBeUndefined();
    await mkdir(join(root, 'node_modules'), { recursive: true });
    await writeFile(join(root, 'node_modules/.package-lock.json'), '{"lockfileVersion": 3, "upgraded": true}');
    expect((await validate()).reused).toBeUndefined();
    expect((await validate(NOW, { commit: 'upgraded' })).reused).toBeUndefined();
    expect((await validate()).reused).toBe(true);
  });

  it('keeps nothing that found an error, nor a folder kustomize builds whole, nor with the cache off', async () => {
    await write(`environments/${ENV}/configmap.yaml`, { ...configMap({ greeting: 'hi' }), spec: { replicaz: 2 } });
    const broken = await validate();
    expect(broken.findings.some((f) => f.severity === 'error')).toBe(true);
    expect((await validate()).reused).toBeUndefined();

    await write(`environments/${ENV}/configmap.yaml`, configMap({ greeting: 'hi' }));
    await write(`environments/${ENV}/kustomization.yaml`, kustomization({ commonLabels: { team: 'platform' } }));
    expect((await validate()).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect((await validate()).reused).toBeUndefined();

    await write(`environments/${ENV}/kustomization.yaml`, kustomization());
    const kept = () => readdir(join(root, 'cache/environments')).catch(() => []);
    expect(await kept()).toEqual([]);
    process.env.WORKBENCH_VALIDATE_CACHE = 'off';
    await validate();
    expect((await validate()).reused).toBeUndefined();
    expect(await kept()).toEqual([]);
  });
});
