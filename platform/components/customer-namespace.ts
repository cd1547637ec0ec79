import * as pulumi from '@pulumi/pulumi';
import { isolatedNamespace } from './isolated-namespace.js';
import { standardLabels } from './labels.js';
import { customerSecretStore } from './secret-store.js';

export interface CustomerQuota {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  pods: number;
}

/** The most one container may use in a customer namespace (its LimitRange maximum). */
export const CONTAINER_MAX = { cpu: '4', memory: '8Gi' };

export interface CustomerNamespaceArgs {
  customer: string;
  quota: CustomerQuota;
  /** The customer's own secret store: its name, region and the only prefix it may read. */
  secretStore: { name: string; region: string; prefix: string };
}

/**
 * A customer's namespace, isolated by default (see isolatedNamespace), with a secret store that
 * reads only that customer's secrets; apps add the allows they need.
 */
export class CustomerNamespace extends pulumi.ComponentResource {
  readonly name: string;

  constructor(args: CustomerNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:CustomerNamespace', args.customer, {}, opts);
    this.name = args.customer;
    const labels = standardLabels({ customer: args.customer });
    isolatedNamespace(
      {
        name: args.customer,
        namespaceLabels: { 'workbench.dev/customer': args.customer },
        labels,
        quota: {
          'requests.cpu': args.quota.requestsCpu,
          'requests.memory': args.quota.requestsMemory,
          'limits.cpu': args.quota.limitsCpu,
          'limits.memory': args.quota.limitsMemory,
          pods: String(args.quota.pods),
        },
        containerLimits: { default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: CONTAINER_MAX },
      },
      { parent: this },
    );
    customerSecretStore({ ...args.secretStore, namespace: args.customer, labels }, { parent: this });
    this.registerOutputs({});
  }
}
