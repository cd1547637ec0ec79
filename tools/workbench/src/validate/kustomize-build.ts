import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import pMap from 'p-map';
import { parse, stringify } from 'yaml';
import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

/**
 * Builds every folder that has a kustomization.yaml, and every path a Flux Kustomization points
 * at, with the real kustomize inside kubectl — what Flux's kustomize-controller does in-cluster.
 *
 * A folder whose kustomization only lists subfolders (how the render aggregates namespaces) is
 * checked instead of built: its subfolders are built, every listed one must exist, and no object
 * may appear twice — the only ways such an aggregate can fail. kustomize's build time grows with
 * the square of the objects in one build (a 200-participant lab: 34 s as one build, 0.1 s per
 * namespace folder), so this is what keeps validation linear.
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

  const toBuild: string[] = [];
  for (const folder of [...folders].sort()) {
    const subfolders = aggregatedSubfolders(repoRoot, folder);
    if (!subfolders) {
      toBuild.push(folder);
      continue;
    }
    for (const sub of subfolders.filter((s) => !existsSync(join(repoRoot, folder, s, 'kustomization.yaml')))) {
      findings.push({ severity: 'error', file: `${folder}/kustomization.yaml`, object: '', rule: 'kustomize', message: `resources lists ${sub}, which has no kustomization.yaml` });
    }
  }
  findings.push(...duplicateObjects(objects));

  let missingKubectl = false;
  const results = await pMap(chunks(toBuild, FOLDERS_PER_BUILD), (chunk) => buildChunk(repoRoot, chunk), { concurrency: availableParallelism() });
  for (const { folder, result } of results.flat()) {
    if (result.exitCode === -1 || (result as { code?: string }).code === 'ENOENT') missingKubectl = true;
    else if (result.exitCode !== 0) {
      findings.push({ severity: 'error', file: `${folder}/kustomization.yaml`, object: '', rule: 'kustomize', message: `kubectl kustomize failed: ${String(result.stderr).trim().split('\n')[0]}` });
    }
  }
  if (missingKubectl) findings.push({ severity: 'error', file: toBuild[0] ?? '', object: '', rule: 'kustomize', message: 'kubectl is not installed; install kubectl ≥ 1.27 (kustomize v5) to build environments' });
  return findings;
}

/**
 * Folders built together in one kustomize run. A process per folder costs ~0.1 s (a
 * 200-participant lab spent most of its validation starting kubectl); one build of everything
 * grows with the square of its objects. Groups of this size keep both small.
 */
const FOLDERS_PER_BUILD = 16;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

type BuildResult = { exitCode?: number; stderr?: unknown; code?: string };
const kustomize = (repoRoot: string, folder: string): Promise<BuildResult> =>
  execa('kubectl', ['kustomize', folder], { cwd: repoRoot, reject: false }).catch((error: Error) => ({ exitCode: -1, stderr: error.message }));

/**
 * Builds the folders as one kustomization that lists them all; only when that fails is each
 * built on its own, so a failure is reported against its own folder.
 */
async function buildChunk(repoRoot: string, folders: string[]): Promise<{ folder: string; result: BuildResult }[]> {
  if (folders.length > 1) {
    const dir = await mkdtemp(join(tmpdir(), 'workbench-kustomize-'));
    try {
      const resources = folders.map((folder) => relative(dir, join(repoRoot, folder)));
      await writeFile(join(dir, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }));
      const together = await kustomize(repoRoot, dir);
      if (together.exitCode === 0) return folders.map((folder) => ({ folder, result: together }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return Promise.all(folders.map(async (folder) => ({ folder, result: await kustomize(repoRoot, folder) })));
}

/** The subfolders a kustomization lists, when that is all it does; otherwise undefined. */
function aggregatedSubfolders(repoRoot: string, folder: string): string[] | undefined {
  const kustomization = parse(readFileSync(join(repoRoot, folder, 'kustomization.yaml'), 'utf8')) as Record<string, unknown> | null;
  if (!kustomization || Object.keys(kustomization).some((key) => !['apiVersion', 'kind', 'resources'].includes(key))) return undefined;
  const resources = kustomization.resources;
  if (!Array.isArray(resources) || resources.length === 0) return undefined;
  const folders = resources.filter((r): r is string => typeof r === 'string' && !r.includes('/') && !/\.ya?ml$/.test(r));
  return folders.length === resources.length ? folders : undefined;
}

/** kustomize refuses two objects with the same kind, namespace and name in one build. */
function duplicateObjects(objects: ManifestFile[]): Finding[] {
  const seen = new Map<string, string>();
  const findings: Finding[] = [];
  for (const { file, manifest } of objects) {
    const group = String(manifest.apiVersion ?? '').split('/').slice(0, -1).join('/');
    const id = `${group}/${manifest.kind}/${manifest.metadata?.namespace ?? ''}/${manifest.metadata?.name}`;
    const first = seen.get(id);
    if (first) findings.push({ severity: 'error', file, object: describeObject(manifest), rule: 'kustomize', message: `the same object is also in ${first}; kustomize refuses duplicates` });
    else seen.set(id, file);
  }
  return findings;
}
