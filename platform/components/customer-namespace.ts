import * as pulumi from '@pulumi/pulumi';
import { isolatedNamespace } from './isolated-namespace.js';
import { standardLabels } from './labels.js';

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

/** A customer's namespace, isolated by default (see isolatedNamespace); apps add the allows they need. */
export class CustomerNamespace extends pulumi.ComponentResource {
  readonly name: string;

  constructor(args: CustomerNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:CustomerNamespace', args.customer, {}, opts);
    this.name = args.customer;
    isolatedNamespace(
      {
        name: args.customer,
        namespaceLabels: { 'workbench.dev/customer': args.customer },
        labels: standardLabels({ customer: args.customer }),
        quota: {
          'requests.cpu': args.quota.requestsCpu,
          'requests.memory': args.quota.requestsMemory,
          'limits.cpu': args.quota.limitsCpu,
          'limits.memory': args.quota.limitsMemory,
          pods: String(args.quota.pods),
        },
        containerLimits: { default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '4', memory: '8Gi' } },
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
