import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';
import { podSpecOf } from './pod-template.js';
import { secretPolicies } from './secret-policies.js';

/**
 * The policy every rendered object must meet: no secret data or credential-looking literals,
 * requests and limits, non-root, no privilege escalation, pinned images.
 */
export function objectPolicies({ file, manifest }: ManifestFile): Finding[] {
  const object = describeObject(manifest);
  const findings: Finding[] = secretPolicies(manifest).map(({ rule, message }) => ({ severity: 'error', file, object, rule, message }));
  const error = (rule: string, message: string) => findings.push({ severity: 'error', file, object, rule, message });

  for (const [path, value] of hostAccess(manifest)) {
    error('no-host-access', `${path} is ${JSON.stringify(value)}: workloads never share the node's network, processes or files; remove it`);
  }

  const pod = podSpecOf(manifest);
  if (!pod) return findings;
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  for (const c of containers) {
    const where = `container ${c.name ?? '?'}`;
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (!c.resources?.[kind]?.[resource]) error('resources', `${where} has no ${resource} ${kind.slice(0, -1)}`);
      }
    }
    if (!(c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) error('non-root', `${where} may run as root: set runAsNonRoot: true`);
    if (c.securityContext?.allowPrivilegeEscalation !== false) error('non-root', `${where} allows privilege escalation: set allowPrivilegeEscalation: false`);
    if (c.securityContext?.privileged) error('non-root', `${where} is privileged`);
    const image = c.image ?? '';
    const lastSegment = image.split('@')[0]!.split('/').pop() ?? '';
    if (!image.includes('@') && (!lastSegment.includes(':') || lastSegment.endsWith(':latest'))) {
      error('no-latest', `${where} image "${image}" is not pinned: use the release tag or digest, never :latest`);
    }
  }
  return findings;
}

const HOST_FIELDS = new Set(['hostNetwork', 'hostPID', 'hostIPC', 'hostPath']);

/** hostNetwork, hostPID, hostIPC and hostPath volumes, wherever an object keeps them (pods, templates, Spark). */
function* hostAccess(value: unknown, path = ''): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* hostAccess(item, `${path}[${i}]`);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (HOST_FIELDS.has(key) && child !== false && child != null) yield [here, child];
      else yield* hostAccess(child, here);
    }
  }
}

/**
 * Every namespace is default-deny: a NetworkPolicy selecting all pods with both policy types.
 * Platform namespaces (workbench.dev/tier: platform) are managed by their charts' own policies,
 * so a missing default-deny there is a warning, not an error.
 */
export function namespacePolicies(objects: ManifestFile[]): Finding[] {
  const findings: Finding[] = [];
  const denied = new Set(
    objects
      .filter(({ manifest }) => {
        const spec = manifest.spec as { podSelector?: Record<string, unknown>; policyTypes?: string[] } | undefined;
        return manifest.kind === 'NetworkPolicy' && spec?.podSelector && Object.keys(spec.podSelector).length === 0 && spec.policyTypes?.includes('Ingress') && spec.policyTypes.includes('Egress');
      })
      .map(({ manifest }) => manifest.metadata?.namespace),
  );
  for (const { file, manifest } of objects) {
    if (manifest.kind !== 'Namespace' || denied.has(manifest.metadata?.name)) continue;
    const platform = manifest.metadata?.labels?.['workbench.dev/tier'] === 'platform';
    findings.push({
      severity: platform ? 'warning' : 'error',
      file,
      object: describeObject(manifest),
      rule: 'default-deny',
      message: platform
        ? 'platform namespace without a default-deny NetworkPolicy; its chart must restrict traffic'
        : 'namespace has no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress])',
    });
  }
  return findings;
}
