import { LAYER_TYPE } from '@workbench/platform-contract';
import type { EngineProblem, RegisteredResource } from './types.js';

/** Types implemented inside the kubernetes provider plugin: under the engine they render nothing. */
const PLUGIN_ONLY_TYPES: Record<string, string> = {
  'kubernetes:helm.sh/v4:Chart': 'a Flux HelmRepository + HelmRelease (platform/components/helm-service.ts)',
  'kubernetes:helm.sh/v3:Chart': 'a Flux HelmRepository + HelmRelease (platform/components/helm-service.ts)',
  'kubernetes:helm.sh/v3:Release': 'a Flux HelmRepository + HelmRelease (platform/components/helm-service.ts)',
  'kubernetes:yaml/v2:ConfigFile': 'the objects declared directly with @pulumi/kubernetes classes',
  'kubernetes:yaml/v2:ConfigGroup': 'the objects declared directly with @pulumi/kubernetes classes',
  'kubernetes:kustomize/v2:Directory': 'the objects declared directly with @pulumi/kubernetes classes',
};

export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

/** A Kubernetes object ready to write, with where it came from. */
export interface RenderedObject {
  manifest: Manifest;
  /** The Layer folder it belongs to, e.g. `infrastructure/controllers`. */
  layer: string;
  resource: string;
  source?: string;
}

/**
 * Turns registered resources into manifests, refusing anything that would be missing,
 * half-filled or unsafe once written: unresolved or unknown inputs, plugin-only helpers, objects
 * without an explicit name, Secrets with data, secret values, objects outside a layer, duplicates.
 */
export function toManifests(resources: RegisteredResource[]): { objects: RenderedObject[]; layers: string[]; problems: EngineProblem[] } {
  const layers = resources.filter((r) => r.type === LAYER_TYPE).map((r) => r.name).sort();
  const objects: RenderedObject[] = [];
  const problems: EngineProblem[] = [];
  const seen = new Map<string, string>();

  for (const r of resources) {
    const resource = `${r.type} "${r.name}"`;
    const fail = (message: string) => problems.push({ resource, ...(r.source ? { source: r.source } : {}), message });

    if (PLUGIN_ONLY_TYPES[r.type]) {
      fail(`${r.type} needs the kubernetes provider plugin and renders nothing here; use ${PLUGIN_ONLY_TYPES[r.type]} instead`);
      continue;
    }
    if (r.remote) {
      fail('is a remote component implemented by a provider plugin and renders nothing here; declare its objects directly');
      continue;
    }
    if (!r.custom || !r.type.startsWith('kubernetes:')) continue; // components, providers, the stack
    if (!r.inputs) {
      fail('was declared but its inputs never resolved (an error inside an apply, or a rejected promise)');
      continue;
    }
    if (r.unknownPaths.length > 0) {
      fail(`has inputs only a live provider could compute (${r.unknownPaths.join(', ')}); the render would write them as missing. Use values known before deployment.`);
      continue;
    }
    if (r.secretPaths.length > 0) {
      fail(`holds secret values at ${r.secretPaths.join(', ')}; they would be written to git in plain text. Reference the secret store with an ExternalSecret instead.`);
      continue;
    }
    const manifest = r.inputs as Manifest;
    if (!manifest.metadata?.name) {
      fail('has no explicit metadata.name; the render has no auto-naming, so give every object a name');
      continue;
    }
    if (manifest.kind === 'Secret' && (manifest.data !== undefined || manifest.stringData !== undefined)) {
      fail('is a Secret with data; secret values never go into git. Declare an ExternalSecret (workload.yaml `secrets`) instead.');
      continue;
    }
    const layer = r.ancestors.find((a) => a.type === LAYER_TYPE)?.name;
    if (!layer) {
      fail('is not inside a Layer component, so the render does not know which folder it belongs to');
      continue;
    }
    const identity = `${manifest.apiVersion}/${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
    const first = seen.get(identity);
    if (first) {
      fail(`declares ${manifest.kind} ${manifest.metadata.namespace ? `${manifest.metadata.namespace}/` : ''}${manifest.metadata.name} again (first declared by ${first})`);
      continue;
    }
    seen.set(identity, resource);
    objects.push({ manifest, layer, resource, ...(r.source ? { source: r.source } : {}) });
  }
  return { objects, layers, problems };
}
