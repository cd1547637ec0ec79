import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { listOwnedFiles } from '../render/environment-files.js';
import type { Finding } from './finding.js';

export interface ManifestFile {
  /** Path relative to the repository root. */
  file: string;
  manifest: Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export function describeObject(m: ManifestFile['manifest']): string {
  const ns = m.metadata?.namespace ? `${m.metadata.namespace}/` : '';
  return `${m.kind ?? '?'} ${ns}${m.metadata?.name ?? '?'}`;
}

/** Every object in every YAML file of an environment (kustomization.yaml files excluded). */
export async function readEnvironmentManifests(repoRoot: string, env: string): Promise<{ objects: ManifestFile[]; findings: Finding[]; kustomizations: string[] }> {
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
    for (const doc of parseAllDocuments(await readFile(join(repoRoot, file), 'utf8'))) {
      if (doc.errors.length) {
        findings.push({ severity: 'error', file, object: '', rule: 'yaml', message: doc.errors[0]!.message });
        continue;
      }
      const manifest = doc.toJS() as ManifestFile['manifest'] | null;
      if (manifest) objects.push({ file, manifest });
    }
  }
  return { objects, findings, kustomizations };
}
