import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { standardLabels } from './labels.js';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface NamespaceArgs {
  name: string;
  /** Pod Security Standard enforced on the namespace. Default `restricted`. */
  podSecurity?: PodSecurityLevel;
  labels?: Record<string, string>;
}

/** A namespace with Pod Security admission labels: enforce, audit and warn at the same level. */
export function namespaceObject(args: NamespaceArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
  const level = args.podSecurity ?? 'restricted';
  return new k8s.core.v1.Namespace(
    `ns-${args.name}`,
    {
      metadata: {
        name: args.name,
        labels: {
          ...standardLabels({}),
          ...args.labels,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    },
    opts,
  );
}
