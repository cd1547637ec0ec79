import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModel } from '../src/validate/model-schemas.js';
import { shapeStats } from '../src/validate/model-shapes.js';
import { findUnknownFields, type TypedObject } from '../src/validate/unknown-fields.js';

let cache: string;
beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'workbench-shapes-'));
});
afterAll(() => rm(cache, { recursive: true, force: true }));

const typed = (manifest: Record<string, unknown>): TypedObject => ({ location: findModel(manifest.apiVersion as string, manifest.kind as string)!, manifest });
const OBJECTS = [
  typed({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'a', labels: { any: 'label' } },
    spec: { replicaz: 2, selector: {}, template: { spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: 'Always', portz: [] }] } } },
  }),
  // A HelmRelease's values are free-form: nothing inside them is unknown.
  typed({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'h' }, spec: { interval: '1m', chart: { spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'r' } } }, values: { anything: { at: ['all'] } }, valuez: 1 } }),
  typed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { key: 'value' } }),
];
const EXPECTED = [
  ['spec.replicaz: unknown field (not in DeploymentSpec)', 'spec.template.spec.containers[0].portz: unknown field (not in Container)'],
  ['spec.valuez: unknown field (not in HelmReleaseSpec)'],
  [],
];

describe('unknown fields, from the models\' shapes', () => {
  it('reports every undeclared key with its path, through arrays and maps, and nothing inside free-form values', async () => {
    expect(await findUnknownFields(OBJECTS)).toEqual(EXPECTED);
  });

  it('keeps the shapes between processes: a second validation asks TypeScript nothing and finds the same', async () => {
    const cold = await findUnknownFields(OBJECTS, cache);
    expect((await readdir(cache)).length).toBe(3);
    const before = shapeStats.extractions;
    expect(await findUnknownFields(OBJECTS, cache)).toEqual(cold);
    expect(shapeStats.extractions).toBe(before);
    expect(cold).toEqual(EXPECTED);
  });
});
