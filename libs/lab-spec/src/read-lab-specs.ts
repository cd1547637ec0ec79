import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlWithSchema, readUtf8File, SpecFileError } from '@workbench/workload-spec';
import { labName, labSpecSchema, type LabSpec } from './schema.ts';

export const LABS_DIR = 'platform/labs';
export const DATASETS_DIR = 'platform/labs/datasets';
/** A ConfigMap holds at most 1 MiB; a sample dataset must leave room for the object around it. */
export const SAMPLE_DATASET_MAX_BYTES = 900 * 1024;

export interface LabDefinition {
  lab: string;
  /** Path relative to the repository root. */
  file: string;
  spec: LabSpec;
  /** For a `sample:` dataset read with a repository root: the file it names. */
  samplePath?: string;
}

export function labSpecPath(lab: string): string {
  return `${LABS_DIR}/${lab}.yaml`;
}

/** Parses and validates one lab spec; the lab's name comes from the file name. */
export function parseLabSpec(text: string, lab: string, repoRoot?: string): LabDefinition {
  const file = labSpecPath(lab);
  const name = labName.safeParse(lab);
  if (!name.success) {
    throw new SpecFileError([{ file, line: 1, column: 1, field: '(file name)', message: `lab "${lab}": ${name.error.issues[0]!.message}` }]);
  }
  const spec = parseYamlWithSchema(text, file, labSpecSchema, 'libs/lab-spec/README.md lists the fields');
  const sample = repoRoot && spec.dataset.startsWith('sample:') ? samplePath(repoRoot, spec.dataset, file) : undefined;
  return { lab, file, spec, ...(sample ? { samplePath: sample } : {}) };
}

/** The file of a `sample:<name>` dataset; refuses a missing or oversized one. */
export function samplePath(repoRoot: string, dataset: string, file: string): string {
  const name = dataset.slice('sample:'.length);
  const candidates = existsSync(join(repoRoot, DATASETS_DIR)) ? readdirSync(join(repoRoot, DATASETS_DIR)).sort() : [];
  const match = candidates.find((candidate) => candidate.replace(/\.[^.]+$/, '') === name);
  const fail = (message: string) => {
    throw new SpecFileError([{ file, line: 1, column: 1, field: 'dataset', message }]);
  };
  if (!match) return fail(`no sample dataset "${name}" in ${DATASETS_DIR}/ (available: ${candidates.map((c) => `sample:${c.replace(/\.[^.]+$/, '')}`).join(', ') || 'none'})`);
  const path = `${DATASETS_DIR}/${match}`;
  const size = statSync(join(repoRoot, path)).size;
  if (size > SAMPLE_DATASET_MAX_BYTES) fail(`${path} is ${size} bytes; a sample dataset holds at most ${SAMPLE_DATASET_MAX_BYTES} bytes (use an https:// or s3:// dataset instead)`);
  return path;
}

/**
 * Every lab spec in platform/labs/, sorted. Synchronous on purpose: the Pulumi program must know
 * all its inputs before it declares its first resource.
 */
export function readLabSpecs(repoRoot: string): LabDefinition[] {
  return labSpecNames(repoRoot).map((lab) => parseLabSpec(readUtf8File(join(repoRoot, labSpecPath(lab)), labSpecPath(lab)), lab, repoRoot));
}

/** The labs that have a spec in platform/labs/, sorted, without reading the specs. */
export function labSpecNames(repoRoot: string): string[] {
  const dir = join(repoRoot, LABS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => name.slice(0, -'.yaml'.length));
}
