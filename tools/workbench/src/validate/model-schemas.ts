/** Which maintained @kubernetes-models package holds the schema of an API group. */
function packageFor(group: string): string | undefined {
  if (group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy'].includes(group)) {
    return group === 'sparkoperator.k8s.io' ? undefined : 'kubernetes-models';
  }
  if (group.endsWith('.toolkit.fluxcd.io')) return '@kubernetes-models/flux-cd';
  if (group.endsWith('cert-manager.io')) return '@kubernetes-models/cert-manager';
  if (group.endsWith('external-secrets.io')) return '@kubernetes-models/external-secrets';
  if (group === 'monitoring.coreos.com') return '@kubernetes-models/prometheus-operator';
  if (group === 'karpenter.sh' || group === 'karpenter.k8s.aws') return '@kubernetes-models/karpenter';
  if (group === 'keda.sh') return '@kubernetes-models/keda';
  return undefined;
}

export interface ModelLocation {
  /** Import specifier of the model module, e.g. `kubernetes-models/apps/v1/Deployment`. */
  module: string;
  /** The module's interface name, e.g. `IDeployment`. */
  typeName: string;
}

/** The model for an apiVersion/kind, when a maintained package ships one. */
export function findModel(apiVersion: string, kind: string): ModelLocation | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = packageFor(group!);
  if (!pkg) return undefined;
  const module = group ? `${pkg}/${group}/${version}/${kind}` : `${pkg}/${version}/${kind}`;
  try {
    // The model packages export ESM only (no "require" condition), so resolve as an import.
    import.meta.resolve(module);
  } catch {
    return undefined;
  }
  return { module, typeName: `I${kind}` };
}

interface AjvError {
  instancePath: string;
  message?: string;
  params?: { allowedValues?: unknown[]; missingProperty?: string };
}

type ModelExports = Record<string, new (data: unknown) => { validate(): void }>;
const loadedModels = new Map<string, Promise<ModelExports>>();

// One import per model module: every import() goes through the module loader's resolve hooks
// (under tsx, a round trip to its loader thread), which for a 3,000-object lab was most of the time.
function importModel(module: string): Promise<ModelExports> {
  if (!loadedModels.has(module)) loadedModels.set(module, import(module) as Promise<ModelExports>);
  return loadedModels.get(module)!;
}

/** Types, required fields and enums, through the model's own compiled schema. */
export async function validateWithModel(location: ModelLocation, manifest: Record<string, unknown>): Promise<string[]> {
  const exports = await importModel(location.module);
  const Model = exports[location.typeName.slice(1)]!;
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) return [(error as Error).message];
    return errors.map((e) => {
      const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)';
      const allowed = e.params?.allowedValues ? `: ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
      const missing = e.params?.missingProperty ? ` (${e.params.missingProperty})` : '';
      return `${path}: ${e.message ?? 'invalid'}${allowed}${missing}`;
    });
  }
}
