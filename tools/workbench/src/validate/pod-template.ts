import type { ManifestFile } from './read-manifests.js';

type Container = {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean; privileged?: boolean };
  env?: { name: string; value?: string }[];
  ports?: { name?: string; containerPort: number }[];
};
export type PodSpec = { containers?: Container[]; initContainers?: Container[]; securityContext?: { runAsNonRoot?: boolean } };
export type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };

/** The pod (labels and spec) a workload object runs, wherever its kind keeps it. */
export function podTemplateOf(m: ManifestFile['manifest']): PodTemplate | undefined {
  const spec = m.spec as { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } } | undefined;
  switch (m.kind) {
    case 'Pod':
      return { metadata: m.metadata, spec: spec as PodSpec };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template;
    default:
      return undefined;
  }
}

/** The pod spec inside a workload object, wherever its kind keeps it. */
export const podSpecOf = (m: ManifestFile['manifest']): PodSpec | undefined => podTemplateOf(m)?.spec;
