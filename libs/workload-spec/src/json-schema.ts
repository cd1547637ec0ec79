import { z } from 'zod';
import { workloadSchema } from './schema.ts';

export const JSON_SCHEMA_ID = 'https://workbench.dev/schemas/workload.schema.json';

/** The JSON Schema editors use for autocompletion in workload.yaml, generated from the zod schema. */
export function workloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workloadSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $comment: 'Generated from libs/workload-spec/src/schema.ts by `npm run generate`. Do not edit by hand.',
    $id: JSON_SCHEMA_ID,
    title: 'Workbench workload',
    ...schema,
  };
}

export function workloadJsonSchemaText(): string {
  return JSON.stringify(workloadJsonSchema(), null, 2) + '\n';
}
