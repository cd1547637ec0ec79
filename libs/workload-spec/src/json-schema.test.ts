import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { workloadJsonSchema, workloadJsonSchemaText } from './json-schema.ts';

describe('workload JSON Schema', () => {
  it('is current: the committed workload.schema.json matches the zod schema', async () => {
    const committed = await readFile(new URL('../workload.schema.json', import.meta.url), 'utf8');
    expect(committed, 'run `npm run generate` and commit libs/workload-spec/workload.schema.json').toBe(workloadJsonSchemaText());
  });

  it('gives editors the kinds, required fields and no unknown fields', () => {
    const schema = workloadJsonSchema() as { properties: Record<string, { enum?: string[] }>; required: string[]; additionalProperties: boolean };
    expect(schema.properties.kind?.enum).toEqual(['service', 'job', 'cron', 'spark-job']);
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'customer', 'owner', 'resources']));
    expect(schema.additionalProperties).toBe(false);
  });
});
