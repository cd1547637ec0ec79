import { readFile } from 'node:fs/promises';
import { workloadSchema, type Workload } from './schema.js';
import { parseYamlWithSchema, SpecFileError, type SpecProblem } from './spec-yaml.js';

export { formatProblem } from './spec-yaml.js';
/** A workload.yaml problem: file, line, column, field and message. */
export type WorkloadProblem = SpecProblem;
export const WorkloadSpecError = SpecFileError;

/** Parses and validates workload.yaml text; `file` is only used in messages. */
export function parseWorkload(text: string, file: string): Workload {
  return parseYamlWithSchema(text, file, workloadSchema, 'workload.schema.json lists the fields');
}

export async function readWorkload(path: string): Promise<Workload> {
  return parseWorkload(await readFile(path, 'utf8'), path);
}
