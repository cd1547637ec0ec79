import type { RenderedObject } from '../engine/manifests.js';
import { toYaml } from './yaml-output.js';

/** The folder Flux's bootstrap owns inside `cluster/`; the render never writes or removes it. */
export const FLUX_BOOTSTRAP_FOLDER = 'cluster/flux-system';

function fileName(kind: string, name: string): string {
  return `${kind.toLowerCase()}-${name}.yaml`;
}

/**
 * Where each object goes inside `environments/<env>/`:
 * - `cluster/<kind>-<name>.yaml` — the Flux Kustomizations the bootstrap path applies. No
 *   kustomization.yaml here: `flux bootstrap` adds `flux-system/` beside them and Flux then
 *   applies every file in the folder, as in flux2-kustomize-helm-example.
 * - `<layer>/<namespace>/<kind>-<name>.yaml` for namespaced objects and each namespace itself;
 *   `<layer>/cluster-scoped/…` for other cluster-scoped objects;
 * - a `kustomization.yaml` in every other folder, listing its files and subfolders.
 * Returns path → content, sorted by path.
 */
export function layoutEnvironment(env: string, objects: RenderedObject[], layers: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const { manifest, layer } of objects) {
    const { kind, metadata } = manifest;
    const folder =
      layer === 'cluster'
        ? 'cluster'
        : kind === 'Namespace'
          ? `${layer}/${metadata.name}`
          : `${layer}/${metadata.namespace ?? 'cluster-scoped'}`;
    files.set(`${folder}/${fileName(kind, metadata.name)}`, toYaml(manifest, env));
  }
  const entries = folderEntries([...files.keys()]);
  // A Flux Kustomization points at every layer, so an empty layer still gets a kustomization.yaml.
  for (const layer of layers) if (layer !== 'cluster' && !entries.has(layer)) entries.set(layer, []);
  for (const [folder, resources] of entries) {
    if (folder === 'cluster' || folder === '' || !isInsideLayer(folder, layers)) continue;
    files.set(`${folder}/kustomization.yaml`, toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }, env));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function isInsideLayer(folder: string, layers: string[]): boolean {
  return layers.some((layer) => folder === layer || folder.startsWith(`${layer}/`));
}

/** For every folder, its direct files and subfolders, sorted. */
function folderEntries(paths: string[]): Map<string, string[]> {
  const entries = new Map<string, Set<string>>();
  const add = (folder: string, entry: string) => {
    if (!entries.has(folder)) entries.set(folder, new Set());
    entries.get(folder)!.add(entry);
  };
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      add(folder, parts[depth]!);
    }
  }
  return new Map([...entries].map(([folder, set]) => [folder, [...set].sort()]));
}
