import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { parse, parseAllDocuments } from 'yaml';
import { listOwnedFiles } from '../render/environment-files.js';
import type { Finding } from './finding.js';
import { YAML_CORE_SCHEMA } from './yaml-core-schema.js';

export interface ManifestFile {
  /** Path relative to the repository root. */
  file: string;
  manifest: Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export function describeObject(m: ManifestFile['manifest']): string {
  const ns = m.metadata?.namespace ? `${m.metadata.namespace}/` : '';
  return `${m.kind ?? '?'} ${ns}${m.metadata?.name ?? '?'}`;
}

/**
 * Every object in every YAML file of an environment (kustomization.yaml files excluded). `contents`
 * holds files already read (path from the repository root → bytes); the others are read here.
 */
export async function readEnvironmentManifests(
  repoRoot: string,
  env: string,
  contents?: ReadonlyMap<string, Buffer>,
): Promise<{ objects: ManifestFile[]; findings: Finding[]; kustomizations: string[] }> {
  const dir = join(repoRoot, 'environments', env);
  const objects: ManifestFile[] = [];
  const findings: Finding[] = [];
  const kustomizations: string[] = [];
  for (const path of await listOwnedFiles(dir)) {
    const file = `environments/${env}/${path}`;
    if (path.endsWith('kustomization.yaml')) {
      kustomizations.push(file);
      continue;
    }
    if (!path.endsWith('.yaml') && !path.endsWith('.yml')) {
      findings.push({ severity: 'error', file, object: '', rule: 'yaml', message: 'not a YAML manifest; environments hold only rendered manifests' });
      continue;
    }
    const { manifests, errors } = parseManifests(contents?.get(file)?.toString('utf8') ?? readFileSync(join(repoRoot, file), 'utf8'));
    for (const message of errors) findings.push({ severity: 'error', file, object: '', rule: 'yaml', message });
    for (const manifest of manifests) objects.push({ file, manifest });
  }
  return { objects, findings, kustomizations };
}

type Manifest = ManifestFile['manifest'];

/**
 * Where a YAML alias (`*name`) could stand: after a space, a line start or a flow indicator. A
 * superset, so a file with none certainly has no alias.
 */
const MAY_HOLD_ALIAS = /(?:^|[\s[{,])\*[^\s[\]{},]/m;

/**
 * The documents of one file, and what is wrong with those that cannot be read. js-yaml with the
 * YAML 1.2 core schema (yaml-core-schema.ts) reads them as the `yaml` package does by default
 * (read-manifests.test.ts holds the two to the same objects), seven times faster: a
 * 200-participant lab is 3,660 files, none with an alias. A file js-yaml refuses, or that may hold
 * an alias (js-yaml expands them without limit, `yaml` refuses an alias bomb), is read with `yaml`,
 * which decides, and whose messages say where and what is wrong.
 */
export function parseManifests(text: string): { manifests: Manifest[]; errors: string[] } {
  if (!MAY_HOLD_ALIAS.test(text)) {
    try {
      const documents = loadAll(text, undefined, { schema: YAML_CORE_SCHEMA }) as (Manifest | null)[];
      return { manifests: documents.filter((manifest): manifest is Manifest => !!manifest), errors: [] };
    } catch {
      // `yaml` below decides and says why.
    }
  }
  const manifests: Manifest[] = [];
  const errors: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      errors.push(doc.errors[0]!.message);
      continue;
    }
    try {
      const manifest = doc.toJS() as Manifest | null;
      if (manifest) manifests.push(manifest);
    } catch (error) {
      errors.push((error as Error).message); // e.g. an alias bomb: "Excessive alias count …"
    }
  }
  return { manifests, errors };
}

/**
 * The one document of a YAML file the platform writes or vendors (a kustomization, a cloud
 * inventory, a CRD), through `parseManifests`' fast reader; `yaml` decides, and throws saying
 * where, when that cannot read it.
 */
export function parseYamlDocument(text: string): unknown {
  const { manifests, errors } = parseManifests(text);
  return manifests.length === 1 && errors.length === 0 ? manifests[0] : parse(text);
}
