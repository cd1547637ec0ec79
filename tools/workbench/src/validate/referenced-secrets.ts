import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

/** Every `existingSecret: <name>` in a chart's values, with its path. */
function existingSecrets(value: unknown, path: string): { path: string; name: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => existingSecrets(item, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'existingSecret' && typeof child === 'string' && child ? [{ path: `${path}.${key}`, name: child }] : existingSecrets(child, `${path}.${key}`),
  );
}

/** The Secrets an environment creates per namespace: rendered Secrets and ExternalSecrets' targets. */
function createdSecrets(objects: ManifestFile[]): Set<string> {
  const created = new Set<string>();
  for (const { manifest } of objects) {
    const namespace = manifest.metadata?.namespace ?? '';
    if (manifest.kind === 'Secret') created.add(`${namespace}/${manifest.metadata?.name}`);
    if (manifest.kind === 'ExternalSecret') {
      const target = (manifest.spec as { target?: { name?: string } } | undefined)?.target?.name ?? manifest.metadata?.name;
      created.add(`${namespace}/${target}`);
    }
  }
  return created;
}

/**
 * A chart told to use an existing Secret fails to start until something creates it: every
 * `existingSecret` in a HelmRelease's values must name a Secret this environment creates in the
 * release's namespace.
 */
export function referencedSecretFindings(objects: ManifestFile[]): Finding[] {
  const created = createdSecrets(objects);
  return objects.flatMap(({ file, manifest }) => {
    if (manifest.kind !== 'HelmRelease') return [];
    const namespace = manifest.metadata?.namespace ?? '';
    return existingSecrets((manifest.spec as { values?: unknown } | undefined)?.values, 'spec.values')
      .filter(({ name }) => !created.has(`${namespace}/${name}`))
      .map(({ path, name }) => ({
        severity: 'error' as const,
        file,
        object: describeObject(manifest),
        rule: 'referenced-secret',
        message: `${path} names Secret ${namespace}/${name}, which nothing in this environment creates; declare it (an ExternalSecret from the platform's store: HelmService \`secrets\`)`,
      }));
  });
}
