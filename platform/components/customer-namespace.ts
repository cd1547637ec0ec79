import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { standardLabels } from './labels.js';
import { namespaceObject } from './namespace.js';

export interface CustomerQuota {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  pods: number;
}

export interface CustomerNamespaceArgs {
  customer: string;
  quota: CustomerQuota;
}

/**
 * A customer's namespace, secure by default: Pod Security `restricted`, a quota, default
 * container limits, and a network policy that denies all traffic except DNS. Apps add the
 * allows they need.
 */
export class CustomerNamespace extends pulumi.ComponentResource {
  readonly name: string;

  constructor(args: CustomerNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:CustomerNamespace', args.customer, {}, opts);
    const child = { parent: this };
    const namespace = args.customer;
    const labels = standardLabels({ customer: args.customer });
    this.name = namespace;

    namespaceObject({ name: namespace, labels: { 'workbench.dev/customer': args.customer } }, child);

    new k8s.core.v1.ResourceQuota(
      `${namespace}-quota`,
      {
        metadata: { name: 'compute', namespace, labels },
        spec: {
          hard: {
            'requests.cpu': args.quota.requestsCpu,
            'requests.memory': args.quota.requestsMemory,
            'limits.cpu': args.quota.limitsCpu,
            'limits.memory': args.quota.limitsMemory,
            pods: String(args.quota.pods),
          },
        },
      },
      child,
    );

    new k8s.core.v1.LimitRange(
      `${namespace}-limits`,
      {
        metadata: { name: 'container-defaults', namespace, labels },
        spec: {
          limits: [
            {
              type: 'Container',
              default: { cpu: '500m', memory: '256Mi' },
              defaultRequest: { cpu: '100m', memory: '128Mi' },
              max: { cpu: '4', memory: '8Gi' },
            },
          ],
        },
      },
      child,
    );

    new k8s.networking.v1.NetworkPolicy(
      `${namespace}-default-deny`,
      {
        metadata: { name: 'default-deny', namespace, labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
      child,
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
      child,
    );
    this.registerOutputs({});
  }
}
