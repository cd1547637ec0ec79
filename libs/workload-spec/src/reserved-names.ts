// Names the platform owns. A customer becomes a namespace and a folder of environments/<env>/apps/,
// an app becomes a folder of apps/ and the name of its objects: neither may take a name the
// platform, Kubernetes, Flux or the labs use, or the render would move platform objects under a
// customer's default-deny policy (or a customer's objects into a platform namespace).

/** Namespaces the platform and Kubernetes itself run in, in every environment. */
export const PLATFORM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'flux-system',
  'ingress-nginx',
  'cert-manager',
  'external-secrets',
  'monitoring',
  'spark-operator',
  'flux-operator',
  'mlflow',
  'karpenter',
  'keda',
] as const;

/** Prefixes Kubernetes (kube-), Flux (flux-), the labs (lab-) and Workbench itself keep for themselves. */
export const RESERVED_PREFIXES = ['kube-', 'flux-', 'lab-', 'workbench-'] as const;

/** Folder and tool names that an app or customer would collide with. */
const RESERVED_FOLDERS = ['apps', 'libs', 'tools', 'platform', 'environments', 'workbench', 'cluster', 'cluster-scoped', 'infrastructure', 'node-modules', 'test', 'tests'];

const RESERVED = new Set<string>([...PLATFORM_NAMESPACES, ...RESERVED_FOLDERS]);

/** Why `name` may not be a customer or app name, or undefined when it may. */
export function reservedNameReason(name: string): string | undefined {
  if (RESERVED.has(name)) return `"${name}" is reserved: the platform uses it as a namespace or folder (${[...PLATFORM_NAMESPACES].join(', ')}, …); choose another name`;
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `"${name}" starts with "${prefix}", which is reserved for ${prefix === 'lab-' ? 'lab namespaces' : prefix === 'workbench-' ? 'Workbench itself' : prefix === 'kube-' ? 'Kubernetes' : 'Flux'}; choose another name`;
  return undefined;
}
