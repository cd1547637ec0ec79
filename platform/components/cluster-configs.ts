import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { standardLabels } from './labels.js';

export interface ClusterConfigsArgs {
  acmeEmail: string;
  /** `production` or `staging` Let's Encrypt endpoint. */
  acmeServer: 'production' | 'staging';
  ingressClass: string;
  clusterIssuer: string;
  secretStore: string;
  awsRegion: string;
  /** The ServiceAccount external-secrets uses to reach AWS Secrets Manager (IRSA). */
  secretStoreServiceAccount: { name: string; namespace: string };
}

const ACME_SERVERS = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

/**
 * Cluster-wide configuration that needs the controllers' CRDs: the certificate issuer ingresses
 * refer to, and the secret store every ExternalSecret reads from (no static credentials: the
 * store authenticates with the controller's workload identity).
 */
export class ClusterConfigs extends pulumi.ComponentResource {
  constructor(args: ClusterConfigsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:ClusterConfigs', 'cluster-configs', {}, opts);
    const child = { parent: this };
    const labels = standardLabels({ component: 'platform-config' });

    new k8s.apiextensions.CustomResource(
      'cluster-issuer',
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: args.clusterIssuer, labels },
        spec: {
          acme: {
            email: args.acmeEmail,
            server: ACME_SERVERS[args.acmeServer],
            privateKeySecretRef: { name: `${args.clusterIssuer}-account-key` },
            solvers: [{ http01: { ingress: { ingressClassName: args.ingressClass } } }],
          },
        },
      },
      child,
    );

    new k8s.apiextensions.CustomResource(
      'cluster-secret-store',
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: args.secretStore, labels },
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: args.awsRegion,
              auth: { jwt: { serviceAccountRef: args.secretStoreServiceAccount } },
            },
          },
        },
      },
      child,
    );
    this.registerOutputs({});
  }
}
