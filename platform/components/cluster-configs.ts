import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { standardLabels } from './labels.js';
import { awsSecretsManager } from './secret-store.js';

export interface ClusterConfigsArgs {
  acmeEmail: string;
  /** `production` or `staging` Let's Encrypt endpoint. */
  acmeServer: 'production' | 'staging';
  ingressClass: string;
  clusterIssuer: string;
  secretStore: string;
  awsRegion: string;
  /** The only prefix the platform's store may read: `workbench/<env>/platform/`. */
  secretPrefix: string;
  /** The environment's domain: its Route53 zone answers DNS-01 challenges. */
  domain: string;
  /** The platform namespaces whose ExternalSecrets may use the platform's store; no other may. */
  secretNamespaces: string[];
}

const ACME_SERVERS = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

/**
 * Cluster-wide configuration that needs the controllers' CRDs: the certificate issuer ingresses
 * refer to, and the platform's own secret store (no static credentials: it authenticates with
 * the controller's workload identity). That store serves only the listed platform namespaces
 * and reads only the platform's prefix; customers have stores of their own.
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
            // DNS-01 in the environment's own zone (cert-manager's Pod Identity role may write only
            // its _acme-challenge records); HTTP-01 for any other host.
            solvers: [
              { selector: { dnsZones: [args.domain] }, dns01: { route53: { region: args.awsRegion } } },
              { http01: { ingress: { ingressClassName: args.ingressClass } } },
            ],
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
          conditions: [{ namespaces: [...args.secretNamespaces].sort() }],
          provider: awsSecretsManager({ region: args.awsRegion, prefix: args.secretPrefix }),
        },
      },
      child,
    );
    this.registerOutputs({});
  }
}
