import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

export interface SecretStoreArgs {
  /** Object name of the store (stack config `cluster.secretStore`). */
  name: string;
  region: string;
  prefix: string;
  labels: Record<string, string>;
}

/** The AWS provider block every store shares; it authenticates with the controller's own identity. */
export function awsSecretsManager(args: Pick<SecretStoreArgs, 'region' | 'prefix'>) {
  return { aws: { service: 'SecretsManager', region: args.region, prefix: args.prefix } };
}

/**
 * A customer's own SecretStore, inside the customer's namespace: ExternalSecrets there can use
 * it and no other namespace can, and it reads only `workbench/<env>/<customer>/`.
 */
export function customerSecretStore(args: SecretStoreArgs & { namespace: string }, opts: pulumi.CustomResourceOptions): void {
  new k8s.apiextensions.CustomResource(
    `${args.namespace}-secret-store`,
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      spec: { provider: awsSecretsManager(args) },
    },
    opts,
  );
}
