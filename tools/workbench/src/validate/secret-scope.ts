import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Secrets stay with their owner, checked on what is committed: every ClusterSecretStore names the
 * namespaces it serves; an ExternalSecret uses its own namespace's store, or a cluster store that
 * serves its namespace; lab namespaces only generate secrets; no remote key climbs out of its
 * store's prefix.
 */
export function secretScopePolicies(objects: ManifestFile[]): Finding[] {
  const findings: Finding[] = [];
  const error = ({ file, manifest }: ManifestFile, rule: string, message: string) =>
    findings.push({ severity: 'error', file, object: describeObject(manifest), rule, message });
  const clusterStores = new Map<string, Doc>();
  for (const object of objects) {
    if (object.manifest.kind !== 'ClusterSecretStore') continue;
    const spec = object.manifest.spec as Doc | undefined;
    clusterStores.set(object.manifest.metadata?.name ?? '', spec ?? {});
    const conditions = (spec?.conditions ?? []) as Doc[];
    if (conditions.length === 0 || conditions.some((c) => !c.namespaces?.length && !c.namespaceSelector && !c.namespaceRegexes?.length)) {
      error(object, 'secret-scope', 'a ClusterSecretStore without conditions serves every namespace, labs included; list the namespaces it serves in spec.conditions');
    }
  }
  for (const object of objects) {
    const { manifest } = object;
    if (manifest.kind !== 'ExternalSecret') continue;
    const namespace = manifest.metadata?.namespace ?? '';
    const spec = (manifest.spec ?? {}) as Doc;
    const keys = [...(spec.data ?? []).map((d: Doc) => d.remoteRef?.key), ...(spec.dataFrom ?? []).map((d: Doc) => d.extract?.key)].filter(Boolean) as string[];
    for (const key of keys.filter((k) => k.split('/').some((segment) => segment === '..' || segment === '.'))) {
      error(object, 'secret-scope', `remote key "${key}" climbs out of its store's prefix; name the secret directly`);
    }
    if (namespace.startsWith('lab-')) {
      const generatorsOnly = !spec.secretStoreRef && !spec.data && (spec.dataFrom ?? []).every((d: Doc) => d.sourceRef?.generatorRef?.kind === 'Password' && !d.extract && !d.find);
      if (!generatorsOnly) error(object, 'secret-scope', 'a lab namespace may only generate secrets (a Password generator); it may read nothing from a secret store');
      continue;
    }
    const store = spec.secretStoreRef as Doc | undefined;
    if (store?.kind === 'ClusterSecretStore') {
      const served = ((clusterStores.get(store.name)?.conditions ?? []) as Doc[]).flatMap((c) => c.namespaces ?? []);
      if (!served.includes(namespace)) {
        error(object, 'secret-scope', `uses ClusterSecretStore ${store.name}, which does not serve namespace ${namespace}; an app reads secrets only through its customer's own SecretStore`);
      }
    }
  }
  return findings;
}
