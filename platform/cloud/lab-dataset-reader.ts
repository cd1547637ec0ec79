import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { LAB_DATASET_SEEDER, LAB_DATASETS_URI, labDatasetReaderRoleName } from '@workbench/stack-config';
import { type LakeScope, lakeStatements } from './app-permissions.js';
import { policyDocument } from './iam-document.js';

/**
 * The role a lab's seed job reads S3 datasets with. Lab namespaces come and go with lab
 * branches, and a Pod Identity association names one namespace, so this role alone is assumed
 * through IRSA: the cluster's OIDC issuer, trusted for the seeder ServiceAccount of any `lab-*`
 * namespace, reading only the lab lake's `labs/` prefix. The issuer exists only once the cluster
 * does, so the plan shows the trust as known after apply.
 */
export class LabDatasetReader extends pulumi.ComponentResource {
  constructor(name: string, args: LakeScope & { cluster: aws.eks.Cluster }, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:LabDatasetReader', name, {}, opts);
    const issuer = args.cluster.identities.apply((identities) => identities[0]?.oidcs?.[0]?.issuer ?? '');
    const provider = new aws.iam.OpenIdConnectProvider(`${args.env}-cluster-oidc`, { url: issuer, clientIdLists: ['sts.amazonaws.com'] }, { parent: this });
    const host = issuer.apply((url) => url.replace(/^https:\/\//, ''));
    const roleName = labDatasetReaderRoleName(args.env);
    const role = new aws.iam.Role(
      roleName,
      {
        name: roleName,
        description: `Reads ${LAB_DATASETS_URI} for lab seed jobs (IRSA)`,
        assumeRolePolicy: pulumi.all([provider.arn, host]).apply(([arn, issuerHost]) =>
          policyDocument([
            {
              Sid: 'LabSeedJobs',
              Effect: 'Allow',
              Principal: { Federated: arn },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { [`${issuerHost}:aud`]: 'sts.amazonaws.com' },
                StringLike: { [`${issuerHost}:sub`]: `system:serviceaccount:${LAB_DATASET_SEEDER.namespaces}:${LAB_DATASET_SEEDER.serviceAccount}` },
              },
            },
          ]),
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(`${roleName}-policy`, { name: 'access', role: roleName, policy: policyDocument(lakeStatements(args, { read: [LAB_DATASETS_URI], write: [] })) }, { parent: this, dependsOn: [role] });
  }
}
