import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { PlatformSecretRef } from './helm-service.js';
import { standardLabels } from './labels.js';

export interface PlatformSecretArgs extends PlatformSecretRef {
  namespace: string;
  /** The ClusterSecretStore reading workbench/<env>/platform/; it admits this namespace. */
  secretStore: string;
}

/**
 * A Secret a platform chart needs, created by External Secrets from the platform's store: every
 * property of the stored secret becomes a key of the Secret (the chart decides which it reads).
 */
export function platformSecret(args: PlatformSecretArgs, opts: pulumi.CustomResourceOptions): void {
  new k8s.apiextensions.CustomResource(
    `${args.namespace}-${args.name}`,
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: args.name, namespace: args.namespace, labels: standardLabels({ app: args.namespace, component: 'platform' }) },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: args.secretStore },
        target: { name: args.name, creationPolicy: 'Owner' },
        dataFrom: [{ extract: { key: args.remoteKey } }],
      },
    },
    opts,
  );
}
