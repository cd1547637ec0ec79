import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CRD_SCHEMAS_KEPT } from '../src/validate/crd-schemas.js';

// The vendored CRDs' schemas are parsed once and each compiled once per content, then read back
// as kept (ajv's own standalone code). What validate reports must not depend on which it was.

const API = 'sparkoperator.k8s.io/v1beta2';
const KIND = 'SparkApplication';
const spec = { type: 'Python', mode: 'cluster', sparkVersion: '3.5.3', mainApplicationFile: 'local:///app/job.py', driver: { cores: 1 }, executor: { instances: 1 } };
const valid = { apiVersion: API, kind: KIND, metadata: { name: 'ok', namespace: 'demo' }, spec };
const broken = { apiVersion: API, kind: KIND, metadata: { name: 'bad', namespace: 'demo' }, spec: { ...spec, type: 'Cobol', sparkVersion: 3, drivr: {} } };

/** The module as a new validate process loads it: nothing compiled yet in memory. */
async function freshModule() {
  vi.resetModules();
  return import('../src/validate/crd-schemas.js');
}

const compiled = vi.spyOn(Ajv.prototype, 'compile');
afterEach(() => compiled.mockClear());

describe('vendored CRD schemas', () => {
  it('are compiled once, and the kept validator reports exactly what compiling reports', async () => {
    for (const name of readdirSync(CRD_SCHEMAS_KEPT).filter((f) => f.startsWith('validator-'))) rmSync(join(CRD_SCHEMAS_KEPT, name), { force: true });
    const compiling = await freshModule();
    const fromCompiler = compiling.validateWithCrd(API, KIND, broken);
    expect(compiled).toHaveBeenCalledTimes(1);
    expect(fromCompiler).toEqual(expect.arrayContaining(['spec.type: must be equal to one of the allowed values', 'spec.sparkVersion: must be string', 'spec.drivr: unknown field (not in the CRD schema)']));
    expect(compiling.validateWithCrd(API, KIND, valid)).toEqual([]);

    compiled.mockClear();
    const reading = await freshModule();
    expect(reading.validateWithCrd(API, KIND, broken)).toEqual(fromCompiler);
    expect(reading.validateWithCrd(API, KIND, valid)).toEqual([]);
    expect(compiled).not.toHaveBeenCalled();
    expect(reading.hasCrdSchema(API, KIND)).toBe(true);
    expect(reading.hasCrdSchema(API, 'Widget')).toBe(false);
  });
});
