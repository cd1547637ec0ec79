import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import pMap from 'p-map';
import { stringify } from 'yaml';
import type { Finding } from './finding.js';
import { checkedFilesIn, KUSTOMIZE } from './checked-files.js';
import { describeObject, type ManifestFile, parseYamlDocument } from './read-manifests.js';

/**
 * Builds every folder that has a kustomization.yaml, and every path a Flux Kustomization points
 * at, with the real kustomize inside kubectl — what Flux's kustomize-controller does in-cluster.
 *
 * A folder whose kustomization only lists subfolders (how the render aggregates namespaces) is
 * checked instead of built: its subfolders are built, every listed one must exist, and no object
 * may appear twice — the only ways such an aggregate can fail. A folder whose kustomization only
 * lists its own files (what the render writes everywhere else) is built file by file, in groups,
 * and a file whose bytes already built with this kubectl is not built again
 * (`checked-files.ts`; `cacheDir` undefined: build everything). Any other folder is built
 * whole. kustomize's build time grows with the square of the objects in one build (ten customer
 * folders of 30 apps as one build: 26 s of CPU; one folder: 0.4 s), so no build holds more than
 * `OBJECTS_PER_BUILD` objects unless one folder alone does, which keeps validation linear.
 *
 * `reads` names every file (from the repository root) the outcome depends on: each
 * kustomization and each file built. It is undefined when a folder that lists anything was built
 * whole, since kustomize may then read anything its kustomization names.
 */
export async function kustomizeBuilds(repoRoot: string, kustomizationFiles: string[], objects: ManifestFile[], cacheDir?: string): Promise<{ findings: Finding[]; reads?: string[] }> {
  const builtFiles = checkedFilesIn(cacheDir, KUSTOMIZE);
  const findings: Finding[] = [];
  const folders = new Set(kustomizationFiles.map((file) => dirname(file)));
  for (const { file, manifest } of objects) {
    if (manifest.kind !== 'Kustomization' || !String(manifest.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/')) continue;
    const path = String((manifest.spec as { path?: string } | undefined)?.path ?? '').replace(/^\.\//, '');
    if (!existsSync(join(repoRoot, path, 'kustomization.yaml'))) {
      findings.push({ severity: 'error', file, object: `Kustomization flux-system/${manifest.metadata?.name}`, rule: 'flux-path', message: `spec.path ./${path} has no kustomization.yaml in this repository` });
    } else folders.add(path);
  }

  const objectsPerFile = new Map<string, number>();
  for (const { file } of objects) objectsPerFile.set(file, (objectsPerFile.get(file) ?? 0) + 1);
  const objectsInFolder = (folder: string) => [...objectsPerFile].reduce((n, [file, count]) => (file.startsWith(`${folder}/`) ? n + count : n), 0);
  const built = await builtFiles;
  const wholeFolders: BuildEntry[] = [];
  const files: BuildEntry[] = [];
  const reads = new Set<string>();
  let readsUnknown = false;
  for (const folder of [...folders].sort()) {
    reads.add(`${folder}/kustomization.yaml`);
    const kustomization = readKustomization(repoRoot, folder);
    const subfolders = aggregatedSubfolders(kustomization);
    if (subfolders) {
      for (const sub of subfolders) reads.add(`${folder}/${sub}/kustomization.yaml`);
      for (const sub of subfolders.filter((s) => !existsSync(join(repoRoot, folder, s, 'kustomization.yaml')))) {
        findings.push({ severity: 'error', file: `${folder}/kustomization.yaml`, object: '', rule: 'kustomize', message: `resources lists ${sub}, which has no kustomization.yaml` });
      }
      continue;
    }
    const listed = ownFiles(repoRoot, folder, kustomization);
    if (!listed) {
      wholeFolders.push({ path: folder, folder, objects: objectsInFolder(folder) });
      // An empty list reads nothing but itself (the lab's apps folder before a lab is added).
      if (!listsNothing(kustomization)) readsUnknown = true;
      continue;
    }
    for (const path of listed) {
      reads.add(path);
      const key = built.keyOf(readFileSync(join(repoRoot, path)));
      if (!built.has(key)) files.push({ path, folder, objects: objectsPerFile.get(path) ?? 1, key });
    }
  }
  findings.push(...duplicateObjects(objects));

  let missingKubectl = false;
  const builds = [...inBuilds(wholeFolders), ...inBuilds(files)];
  const results = await pMap(builds, (entries) => buildTogether(repoRoot, entries), { concurrency: availableParallelism() });
  for (const [i, result] of results.entries()) {
    if (result === 'built') built.add(builds[i]!.flatMap((entry) => entry.key ?? []));
    else if (result === 'no kubectl') missingKubectl = true;
    else {
      for (const { folder, stderr } of result) {
        findings.push({ severity: 'error', file: `${folder}/kustomization.yaml`, object: '', rule: 'kustomize', message: `kubectl kustomize failed: ${stderr.trim().split('\n')[0]}` });
      }
    }
  }
  built.save();
  if (missingKubectl) findings.push({ severity: 'error', file: [...folders].sort()[0] ?? '', object: '', rule: 'kustomize', message: 'kubectl is not installed; install kubectl ≥ 1.27 (kustomize v5) to build environments' });
  return { findings, ...(readsUnknown ? {} : { reads: [...reads].sort() }) };
}

/** A folder built whole, or one file of a folder that lists only its own files (with its content's key). */
interface BuildEntry {
  path: string;
  folder: string;
  objects: number;
  key?: string;
}

/**
 * A kustomize process costs ~0.05 s to start and its build grows with the square of the objects
 * in it. A 300-app staging (2,280 objects, two cores) built with 100 objects per build took 3.3 s,
 * with 150 2.7–3.0 s, with 250 2.5–3.8 s; its ten customer folders in one build, 26 s of CPU.
 */
const OBJECTS_PER_BUILD = 150;

/** Entries in order, grouped so no group passes `OBJECTS_PER_BUILD` objects unless one entry alone does. */
function inBuilds(entries: BuildEntry[]): BuildEntry[][] {
  const builds: BuildEntry[][] = [];
  let objects = Infinity;
  for (const entry of entries) {
    if (objects + entry.objects > OBJECTS_PER_BUILD) {
      builds.push([]);
      objects = 0;
    }
    builds.at(-1)!.push(entry);
    objects += entry.objects;
  }
  return builds;
}

type BuildResult = { exitCode: number; stderr: string };
const kustomize = (repoRoot: string, path: string, ...options: string[]): Promise<BuildResult | 'no kubectl'> =>
  execa('kubectl', ['kustomize', ...options, path], { cwd: repoRoot, reject: false }).then(
    (result) => ((result as { code?: string }).code === 'ENOENT' ? 'no kubectl' : { exitCode: result.exitCode ?? 1, stderr: String(result.stderr) }),
    () => 'no kubectl' as const,
  );

/**
 * Builds the entries as one kustomization that lists them all (files from other folders need
 * kustomize's load restrictor lifted: they are not below the temporary folder). Only when that
 * fails is each entry's folder built whole, on its own, so a failure is reported against the
 * folder whose kustomization Flux would fail to build.
 */
async function buildTogether(repoRoot: string, entries: BuildEntry[]): Promise<'built' | 'no kubectl' | { folder: string; stderr: string }[]> {
  const together = entries.length === 1 && !entries[0]!.key ? await kustomize(repoRoot, entries[0]!.path) : await buildList(repoRoot, entries);
  if (together === 'no kubectl' || together.exitCode === 0) return together === 'no kubectl' ? together : 'built';
  const failed: { folder: string; stderr: string }[] = [];
  for (const folder of [...new Set(entries.map((entry) => entry.folder))]) {
    const alone = entries.length === 1 && !entries[0]!.key ? together : await kustomize(repoRoot, folder);
    if (alone === 'no kubectl') return alone;
    if (alone.exitCode !== 0) failed.push({ folder, stderr: alone.stderr });
  }
  return failed.length ? failed : 'built';
}

async function buildList(repoRoot: string, entries: BuildEntry[]): Promise<BuildResult | 'no kubectl'> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-kustomize-'));
  try {
    const resources = entries.map((entry) => relative(dir, join(repoRoot, entry.path)));
    await writeFile(join(dir, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }));
    const listsFiles = entries.some((entry) => entry.key);
    return await kustomize(repoRoot, dir, ...(listsFiles ? ['--load-restrictor', 'LoadRestrictionsNone'] : []));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Kustomization = Record<string, unknown> | null;
const readKustomization = (repoRoot: string, folder: string): Kustomization => parseYamlDocument(readFileSync(join(repoRoot, folder, 'kustomization.yaml'), 'utf8')) as Kustomization;

/** The `resources` list of a kustomization that holds nothing else but the header kustomize writes itself; otherwise undefined. */
function resourcesOnly(kustomization: Kustomization): unknown[] | undefined {
  if (!kustomization || Object.keys(kustomization).some((key) => !['apiVersion', 'kind', 'resources'].includes(key))) return undefined;
  if (kustomization.apiVersion !== undefined && kustomization.apiVersion !== 'kustomize.config.k8s.io/v1beta1') return undefined;
  if (kustomization.kind !== undefined && kustomization.kind !== 'Kustomization') return undefined;
  return Array.isArray(kustomization.resources) ? kustomization.resources : undefined;
}

/** Only `resources`, at least one: nothing that transforms what is listed. */
function listsOnlyResources(kustomization: Kustomization): kustomization is { resources: unknown[] } {
  return (resourcesOnly(kustomization)?.length ?? 0) > 0;
}

/** `resources: []` and at most the header: a kustomization that builds nothing. */
const listsNothing = (kustomization: Kustomization) => resourcesOnly(kustomization)?.length === 0;

/** The subfolders a kustomization lists, when that is all it does; otherwise undefined. */
function aggregatedSubfolders(kustomization: Kustomization): string[] | undefined {
  if (!listsOnlyResources(kustomization)) return undefined;
  const { resources } = kustomization;
  const folders = resources.filter((r): r is string => typeof r === 'string' && !r.includes('/') && !/\.ya?ml$/.test(r));
  return folders.length === resources.length ? folders : undefined;
}

/**
 * The files (paths from the repository root) a kustomization lists, when it lists only YAML files
 * of its own folder, each once and each there as a plain file; otherwise undefined, and the folder
 * is built whole so kustomize itself says what is wrong.
 */
function ownFiles(repoRoot: string, folder: string, kustomization: Kustomization): string[] | undefined {
  if (!listsOnlyResources(kustomization)) return undefined;
  const { resources } = kustomization;
  const names = resources.filter((r): r is string => typeof r === 'string' && /^[^/\\]+\.ya?ml$/.test(r) && r !== 'kustomization.yaml');
  if (names.length !== resources.length || new Set(names).size !== names.length) return undefined;
  const isPlainFile = (path: string) => {
    try {
      return lstatSync(join(repoRoot, path)).isFile();
    } catch {
      return false;
    }
  };
  const paths = names.map((name) => `${folder}/${name}`);
  return paths.every(isPlainFile) ? paths : undefined;
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
