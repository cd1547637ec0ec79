import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { namespaceObject } from './namespace.js';

export interface IsolatedNamespaceArgs {
  name: string;
  /** Labels of the namespace itself (Pod Security labels are added). */
  namespaceLabels: Record<string, string>;
  /** Labels of the quota, limit range and policies. */
  labels: Record<string, string>;
  /** ResourceQuota `spec.hard`. */
  quota: Record<string, string>;
  /** Defaults and maximum for containers that do not say. */
  containerLimits: { default: Record<string, string>; defaultRequest: Record<string, string>; max: Record<string, string> };
}

/**
 * A namespace secure by default: Pod Security `restricted`, a quota, container limits, and a
 * network policy that denies all traffic except DNS. What runs inside adds the allows it needs.
 */
export function isolatedNamespace(args: IsolatedNamespaceArgs, opts: pulumi.CustomResourceOptions): void {
  const { name: namespace, labels } = args;
  namespaceObject({ name: namespace, labels: args.namespaceLabels }, opts);

  new k8s.core.v1.ResourceQuota(`${namespace}-quota`, { metadata: { name: 'compute', namespace, labels }, spec: { hard: args.quota } }, opts);

  new k8s.core.v1.LimitRange(
    `${namespace}-limits`,
    { metadata: { name: 'container-defaults', namespace, labels }, spec: { limits: [{ type: 'Container', ...args.containerLimits }] } },
    opts,
  );

  new k8s.networking.v1.NetworkPolicy(
    `${namespace}-default-deny`,
    { metadata: { name: 'default-deny', namespace, labels }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    opts,
  );

  new k8s.networking.v1.NetworkPolicy(
    `${namespace}-allow-dns`,
    {
      metadata: { name: 'allow-dns', namespace, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
    opts,
  );
}
