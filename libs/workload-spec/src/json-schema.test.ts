import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { workloadJsonSchema, workloadJsonSchemaText } from './json-schema.ts';

describe('workload JSON Schema', () => {
  it('is current: the committed workload.schema.json matches the zod schema', async () => {
    const committed = await readFile(new URL('../workload.schema.json', import.meta.url), 'utf8');
    expect(committed, 'run `npm run generate` and commit libs/workload-spec/workload.schema.json').toBe(workloadJsonSchemaText());
  });

  it('gives editors one shape per kind: its required fields, its own overrides, and no unknown fields', () => {
    type Shape = { properties: Record<string, { const?: string; additionalProperties?: { properties?: Record<string, unknown> } }>; required: string[]; additionalProperties: boolean };
    const schema = workloadJsonSchema() as { oneOf: Shape[] };
    const byKind = Object.fromEntries(schema.oneOf.map((shape) => [shape.properties.kind?.const, shape]));
    expect(Object.keys(byKind)).toEqual(['service', 'job', 'cron', 'spark-job']);
    for (const shape of schema.oneOf) {
      expect(shape.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'customer', 'owner', 'resources']));
      expect(shape.additionalProperties).toBe(false);
    }
    expect(byKind.service!.required).toContain('port');
    expect(byKind.cron!.required).toContain('schedule');
    expect(byKind['spark-job']!.required).toContain('spark');
    expect(Object.keys(byKind.job!.properties)).not.toContain('ingress');
    const overrides = (kind: string) => Object.keys(byKind[kind]!.properties.environments?.additionalProperties?.properties ?? {});
    expect(overrides('job')).toEqual(['resources', 'env', 'alerts', 'retries', 'deadline']);
    expect(overrides('service')).toContain('ingress');
  });
});
