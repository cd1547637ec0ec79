import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

type Container = {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean; privileged?: boolean };
  env?: { name: string; value?: string }[];
};
type PodSpec = { containers?: Container[]; initContainers?: Container[]; securityContext?: { runAsNonRoot?: boolean } };

/** The pod spec inside a workload object, wherever its kind keeps it. */
function podSpecOf(m: ManifestFile['manifest']): PodSpec | undefined {
  const spec = m.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (m.kind) {
    case 'Pod':
      return spec as PodSpec;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template?.spec;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template?.spec;
    default:
      return undefined;
  }
}

// Literal values that look like credentials. Names say what a value is; shapes catch the rest.
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;
const CREDENTIAL_SHAPES: [RegExp, string][] = [
  [/AKIA[0-9A-Z]{16}/, 'an AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'a URL with an embedded password'],
];

function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

/**
 * The policy every rendered object must meet: no secret data or credential-looking literals,
 * requests and limits, non-root, no privilege escalation, pinned images.
 */
export function objectPolicies({ file, manifest }: ManifestFile): Finding[] {
  const findings: Finding[] = [];
  const object = describeObject(manifest);
  const error = (rule: string, message: string) => findings.push({ severity: 'error', file, object, rule, message });

  if (manifest.kind === 'Secret' && (manifest.data !== undefined || manifest.stringData !== undefined)) {
    error('no-secret-data', 'a Secret with data is committed to git; declare an ExternalSecret instead');
  }
  for (const [path, value] of strings(manifest)) {
    for (const [shape, what] of CREDENTIAL_SHAPES) {
      if (shape.test(value)) error('no-credential-literal', `${path} holds what looks like ${what}; reference the secret store instead`);
    }
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
    for (const variable of c.env ?? []) {
      if (variable.value !== undefined && CREDENTIAL_NAME.test(variable.name)) {
        error('no-credential-literal', `${where} sets ${variable.name} to a literal; use a secretKeyRef from an ExternalSecret`);
      }
    }
  }
  return findings;
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
