import type * as pulumi from '@pulumi/pulumi';
import type * as aws from '@pulumi/aws';
import { MLFLOW_ARTIFACTS_URI, PLATFORM_IDENTITIES, type PlatformIdentity, platformRoleName, retrainingQueueName, secretArnPattern, environmentSecretPrefix, sqsQueueArn } from '@workbench/stack-config';
import { type LakeScope, lakeStatements } from './app-permissions.js';
import type { Statement } from './iam-document.js';
import { PodIdentityRole } from './pod-identity-role.js';

export interface PlatformIdentitiesArgs extends LakeScope {
  cluster: aws.eks.Cluster;
  clusterName: string;
  domain: string;
  mlflow: boolean;
}

/**
 * The platform services' own AWS identities, through Pod Identity (Karpenter's is declared with
 * its capacity): external-secrets reads only this environment's secrets, cert-manager answers
 * DNS-01 challenges in this environment's zone only, MLflow keeps artifacts under its prefix,
 * KEDA reads the length of this environment's retraining queues.
 */
export function declarePlatformIdentities(args: PlatformIdentitiesArgs, opts: pulumi.ComponentResourceOptions): void {
  const { env, domain } = args;
  const permissions: Partial<Record<PlatformIdentity, Statement[]>> = {
    'external-secrets': [
      {
        Sid: 'ReadEnvironmentSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: secretArnPattern(args, `${environmentSecretPrefix(env)}*`),
      },
    ],
    'cert-manager': [
      { Sid: 'ChallengeStatus', Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
      {
        Sid: 'AcmeChallengeRecords',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        Resource: 'arn:aws:route53:::hostedzone/*',
        Condition: {
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] },
          'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`_acme-challenge.${domain}`, `_acme-challenge.*.${domain}`] },
        },
      },
      { Sid: 'FindZone', Effect: 'Allow', Action: 'route53:ListHostedZonesByName', Resource: '*' },
    ],
    // KEDA asks each retraining queue how many objects wait; it reads no message.
    keda: [{ Sid: 'RetrainingQueueLength', Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: sqsQueueArn(args, retrainingQueueName(env, '*')) }],
    ...(args.mlflow ? { mlflow: lakeStatements(args, { read: [MLFLOW_ARTIFACTS_URI], write: [MLFLOW_ARTIFACTS_URI] }) } : {}),
  };
  for (const [service, statements] of Object.entries(permissions) as [PlatformIdentity, Statement[]][]) {
    const identity = PLATFORM_IDENTITIES[service];
    new PodIdentityRole(
      `${env}-${service}`,
      {
        roleName: platformRoleName(env, service),
        accountId: args.accountId,
        cluster: args.cluster,
        namespace: identity.namespace,
        serviceAccounts: [identity.serviceAccount],
        statements,
        description: `${service} in ${args.clusterName}`,
      },
      opts,
    );
  }
}
