import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { Finding } from './finding.js';
import type { ManifestFile } from './read-manifests.js';

/**
 * Builds every folder that has a kustomization.yaml, and every path a Flux Kustomization points
 * at, with the real kustomize inside kubectl — what Flux's kustomize-controller does in-cluster.
 */
export async function kustomizeBuilds(repoRoot: string, kustomizationFiles: string[], objects: ManifestFile[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const folders = new Set(kustomizationFiles.map((file) => dirname(file)));
  for (const { file, manifest } of objects) {
    if (manifest.kind !== 'Kustomization' || !String(manifest.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/')) continue;
    const path = String((manifest.spec as { path?: string } | undefined)?.path ?? '').replace(/^\.\//, '');
    if (!existsSync(join(repoRoot, path, 'kustomization.yaml'))) {
      findings.push({ severity: 'error', file, object: `Kustomization flux-system/${manifest.metadata?.name}`, rule: 'flux-path', message: `spec.path ./${path} has no kustomization.yaml in this repository` });
    } else folders.add(path);
  }
  for (const folder of [...folders].sort()) {
    const result = await execa('kubectl', ['kustomize', folder], { cwd: repoRoot, reject: false }).catch((error: Error) => ({ exitCode: -1, stderr: error.message }));
    if (result.exitCode === -1 || (result as { code?: string }).code === 'ENOENT') {
      findings.push({ severity: 'error', file: folder, object: '', rule: 'kustomize', message: 'kubectl is not installed; install kubectl ≥ 1.27 (kustomize v5) to build environments' });
      break;
    }
    if (result.exitCode !== 0) {
      findings.push({ severity: 'error', file: `${folder}/kustomization.yaml`, object: '', rule: 'kustomize', message: `kubectl kustomize failed: ${String(result.stderr).trim().split('\n')[0]}` });
    }
  }
  return findings;
}
