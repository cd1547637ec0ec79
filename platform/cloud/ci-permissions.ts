import { accessLogBucketName, type AwsPlace, ecrRepositoryArn, LAKE_BUCKETS, lakeBucketName, s3BucketArn } from '@workbench/stack-config';
import type { Statement } from './iam-document.js';

/** The cloud program's Pulumi project name (Pulumi.yaml). */
export const CLOUD_PROJECT = 'cloud';

/**
 * What each GitHub Actions role may do. Resources are named wherever the service allows it;
 * `*` appears only with actions AWS does not scope to a resource (describes, listings,
 * GetAuthorizationToken, CreateKey, CreateHostedZone), which the policy pack checks.
 */

/** Read-only actions a `pulumi preview --refresh` of these stacks needs; none of them reads data. */
const READ_ONLY_ACTIONS = [
  'ec2:Describe*',
  'eks:Describe*',
  'eks:List*',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:GetInstanceProfile',
  'iam:GetOpenIDConnectProvider',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'ecr:DescribeRepositories',
  'ecr:GetLifecyclePolicy',
  'ecr:ListTagsForResource',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListResourceTags',
  'logs:DescribeLogGroups',
  'logs:ListTagsForResource',
  'route53:GetHostedZone',
  'route53:ListHostedZones',
  'route53:ListTagsForResource',
  'sqs:GetQueueAttributes',
  'sqs:ListQueueTags',
  'events:DescribeRule',
  'events:ListTargetsByRule',
  'events:ListTagsForResource',
];

/** Bucket settings only; object reads and writes (data) are not among them. */
const BUCKET_SETTINGS_READ = ['s3:ListBucket', 's3:GetBucket*', 's3:Get*Configuration'];

/**
 * Pulumi's S3 backend keeps a stack under `.pulumi/{stacks,history,backups,locks}/<project>/<stack>`:
 * a role reads every stack (previews resolve nothing across stacks, but listing needs it) and
 * writes only the stacks it applies, or only lock files.
 */
function stateAccess(stateBucket: string, writes: string[]): Statement[] {
  const bucket = s3BucketArn(stateBucket);
  return [
    { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
    { Sid: 'StateRead', Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/.pulumi/*` },
    { Sid: 'StateWrite', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: writes.map((path) => `${bucket}/.pulumi/${path}`) },
  ];
}

/** The state objects of one stack of the cloud program. */
const stackState = (stack: string) => `*/${CLOUD_PROJECT}/${stack}*`;

/** `release`: push images to the apps' repositories, nothing else. */
export function releaseStatements(shared: AwsPlace, apps: string[]): Statement[] {
  return [
    { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'PushAppImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:DescribeImages'],
      Resource: apps.map((app) => ecrRepositoryArn(shared, app)),
    },
  ];
}

/** `plan`: read the state and the cloud's settings for a preview; write only lock files. */
export function planStatements(stateBucket: string): Statement[] {
  return [...stateAccess(stateBucket, ['locks/*']), { Sid: 'ReadSettings', Effect: 'Allow', Action: [...READ_ONLY_ACTIONS, ...BUCKET_SETTINGS_READ], Resource: '*' }];
}

export interface DeployScope extends AwsPlace {
  env: string;
  organization: string;
  clusterName: string;
  stateBucket: string;
}

/** `deploy-<env>`: `pulumi up` of that environment's stack, and only what its names cover. */
export function deployStatements(scope: DeployScope): Statement[] {
  const { accountId, region, env, clusterName } = scope;
  const buckets = [...LAKE_BUCKETS.map((bucket) => lakeBucketName(scope.organization, env, bucket)), accessLogBucketName(scope.organization, env)].map(s3BucketArn);
  const eks = `arn:aws:eks:${region}:${accountId}`;
  return [
    ...stateAccess(scope.stateBucket, [stackState(env)]),
    { Sid: 'ReadSettings', Effect: 'Allow', Action: [...READ_ONLY_ACTIONS, ...BUCKET_SETTINGS_READ], Resource: '*' },
    { Sid: 'CreateUnnamed', Effect: 'Allow', Action: ['kms:CreateKey', 'route53:CreateHostedZone', 'eks:DescribeAddonVersions'], Resource: '*' },
    { Sid: 'Network', Effect: 'Allow', Action: 'ec2:*', Resource: `arn:aws:ec2:${region}:${accountId}:*` },
    {
      Sid: 'Cluster',
      Effect: 'Allow',
      Action: 'eks:*',
      Resource: [
        `${eks}:cluster/${clusterName}`,
        `${eks}:nodegroup/${clusterName}/*`,
        `${eks}:addon/${clusterName}/*`,
        `${eks}:access-entry/${clusterName}/*`,
        `${eks}:podidentityassociation/${clusterName}/*`,
      ],
    },
    {
      Sid: 'Identities',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:UpdateRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PassRole',
        'iam:CreateInstanceProfile',
        'iam:DeleteInstanceProfile',
        'iam:AddRoleToInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:TagInstanceProfile',
      ],
      Resource: [`arn:aws:iam::${accountId}:role/${env}-*`, `arn:aws:iam::${accountId}:instance-profile/${env}-*`],
    },
    { Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: `arn:aws:iam::${accountId}:role/aws-service-role/*` },
    {
      Sid: 'Keys',
      Effect: 'Allow',
      Action: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias', 'kms:EnableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateGrant'],
      Resource: [`arn:aws:kms:${region}:${accountId}:key/*`, `arn:aws:kms:${region}:${accountId}:alias/${env}-*`],
    },
    {
      Sid: 'LakeBuckets',
      Effect: 'Allow',
      Action: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucketPolicy', 's3:Put*Configuration', ...BUCKET_SETTINGS_READ],
      Resource: buckets,
    },
    {
      Sid: 'InterruptionQueue',
      Effect: 'Allow',
      Action: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:GetQueueUrl'],
      Resource: `arn:aws:sqs:${region}:${accountId}:${env}-*`,
    },
    {
      Sid: 'InterruptionRules',
      Effect: 'Allow',
      Action: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:TagResource', 'events:UntagResource'],
      Resource: `arn:aws:events:${region}:${accountId}:rule/${env}-*`,
    },
    {
      Sid: 'ControlPlaneLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:AssociateKmsKey', 'logs:TagResource', 'logs:UntagResource'],
      Resource: `arn:aws:logs:${region}:${accountId}:log-group:/aws/eks/${clusterName}/*`,
    },
    {
      Sid: 'Zone',
      Effect: 'Allow',
      Action: ['route53:DeleteHostedZone', 'route53:ChangeTagsForResource', 'route53:GetChange'],
      Resource: ['arn:aws:route53:::hostedzone/*', 'arn:aws:route53:::change/*'],
    },
  ];
}

/** `deploy-shared`: `pulumi up` of the shared stack — the apps' repositories and these roles. */
export function deploySharedStatements(shared: AwsPlace & { stateBucket: string }): Statement[] {
  const { accountId, region } = shared;
  return [
    ...stateAccess(shared.stateBucket, [stackState('shared')]),
    { Sid: 'ReadSettings', Effect: 'Allow', Action: READ_ONLY_ACTIONS, Resource: '*' },
    {
      Sid: 'Repositories',
      Effect: 'Allow',
      Action: ['ecr:CreateRepository', 'ecr:DeleteRepository', 'ecr:PutImageTagMutability', 'ecr:PutImageScanningConfiguration', 'ecr:PutLifecyclePolicy', 'ecr:DeleteLifecyclePolicy', 'ecr:TagResource', 'ecr:UntagResource'],
      Resource: `arn:aws:ecr:${region}:${accountId}:repository/*`,
    },
    {
      Sid: 'CiRoles',
      Effect: 'Allow',
      Action: ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
      Resource: `arn:aws:iam::${accountId}:role/workbench-*`,
    },
    {
      Sid: 'OidcProvider',
      Effect: 'Allow',
      Action: ['iam:CreateOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:AddClientIDToOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider'],
      Resource: `arn:aws:iam::${accountId}:oidc-provider/*`,
    },
  ];
}
