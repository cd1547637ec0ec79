import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { iamRoleArn, karpenterInterruptionQueueName, karpenterNodeRoleName, PLATFORM_IDENTITIES, platformRoleName } from '@workbench/stack-config';
import { managedPolicyArn, policyDocument, serviceTrust, type Statement } from './iam-document.js';
import { PodIdentityRole } from './pod-identity-role.js';

/** The EC2 events that warn of a node going away; Karpenter drains it first. */
const INTERRUPTION_EVENTS: Record<string, { source: string; detailType: string }> = {
  'scheduled-change': { source: 'aws.health', detailType: 'AWS Health Event' },
  'spot-interruption': { source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  rebalance: { source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  'instance-state': { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
};

export interface KarpenterArgs {
  env: string;
  accountId: string;
  region: string;
  cluster: aws.eks.Cluster;
  clusterName: string;
}

/**
 * What Karpenter needs from AWS so that Spark executors and lab workspaces run on spot capacity:
 * the nodes' role and instance profile (joined to the cluster by an access entry), the
 * interruption queue fed by EventBridge, and the controller's own role through Pod Identity.
 * The NodePools and EC2NodeClass are Kubernetes objects, rendered by platform/workloads.
 */
export class KarpenterCapacity extends pulumi.ComponentResource {
  constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:KarpenterCapacity', name, {}, opts);
    const child = { parent: this };
    const { env, accountId, region, clusterName, cluster } = args;

    const nodeRole = karpenterNodeRoleName(env);
    const role = new aws.iam.Role(nodeRole, { name: nodeRole, assumeRolePolicy: serviceTrust('ec2.amazonaws.com') }, child);
    for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly']) {
      new aws.iam.RolePolicyAttachment(`${nodeRole}-${policy}`, { role: nodeRole, policyArn: managedPolicyArn(policy) }, { parent: this, dependsOn: [role] });
    }
    new aws.iam.InstanceProfile(nodeRole, { name: nodeRole, role: nodeRole }, { parent: this, dependsOn: [role] });
    new aws.eks.AccessEntry(`${env}-karpenter-nodes`, { clusterName: cluster.name, principalArn: iamRoleArn(accountId, nodeRole), type: 'EC2_LINUX' }, { parent: this, dependsOn: [role] });

    const queueName = karpenterInterruptionQueueName(env);
    const queueArn = `arn:aws:sqs:${region}:${accountId}:${queueName}`;
    const queue = new aws.sqs.Queue(queueName, { name: queueName, messageRetentionSeconds: 300, sqsManagedSseEnabled: true }, child);
    new aws.sqs.QueuePolicy(
      queueName,
      {
        queueUrl: queue.url,
        policy: policyDocument([
          { Sid: 'EventBridge', Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: queueArn },
          { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ]),
      },
      child,
    );
    for (const [event, pattern] of Object.entries(INTERRUPTION_EVENTS)) {
      const ruleName = `${env}-karpenter-${event}`;
      new aws.cloudwatch.EventRule(ruleName, { name: ruleName, eventPattern: JSON.stringify({ source: [pattern.source], 'detail-type': [pattern.detailType] }) }, child);
      new aws.cloudwatch.EventTarget(ruleName, { rule: ruleName, targetId: 'karpenter-interruption-queue', arn: queueArn }, { parent: this, dependsOn: [queue] });
    }

    const identity = PLATFORM_IDENTITIES.karpenter;
    new PodIdentityRole(
      `${env}-karpenter`,
      {
        roleName: platformRoleName(env, 'karpenter'),
        accountId,
        cluster,
        namespace: identity.namespace,
        serviceAccounts: [identity.serviceAccount],
        statements: controllerStatements({ accountId, region, clusterName, nodeRoleArn: iamRoleArn(accountId, nodeRole), queueArn }),
        description: `Karpenter controller of ${clusterName}`,
      },
      child,
    );
  }
}

/** The controller's permissions, after Karpenter's reference policy, scoped to this cluster's tags. */
function controllerStatements(args: { accountId: string; region: string; clusterName: string; nodeRoleArn: string; queueArn: string }): Statement[] {
  const { accountId, region, clusterName } = args;
  const ec2 = (resource: string) => `arn:aws:ec2:${region}:*:${resource}`;
  const ownedRequest = { StringEquals: { [`aws:RequestTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } };
  const ownedResource = { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } };
  const launched = ['fleet/*', 'instance/*', 'volume/*', 'network-interface/*', 'launch-template/*', 'spot-instances-request/*'].map(ec2);
  return [
    {
      Sid: 'LaunchFromSharedResources',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Resource: [`arn:aws:ec2:${region}::image/*`, `arn:aws:ec2:${region}::snapshot/*`, ...['security-group/*', 'subnet/*', 'capacity-reservation/*'].map(ec2)],
    },
    { Sid: 'LaunchWithOwnTemplates', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Resource: ec2('launch-template/*'), Condition: ownedResource },
    { Sid: 'CreateOwned', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], Resource: launched, Condition: ownedRequest },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: launched,
      Condition: { ...ownedRequest, StringEquals: { ...ownedRequest.StringEquals, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] } },
    },
    { Sid: 'TagOwned', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: ec2('instance/*'), Condition: ownedResource },
    { Sid: 'DeleteOwned', Effect: 'Allow', Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], Resource: [ec2('instance/*'), ec2('launch-template/*')], Condition: ownedResource },
    {
      Sid: 'Describe',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
        'pricing:GetProducts',
      ],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': region } },
    },
    { Sid: 'AmiParameters', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:${region}::parameter/aws/service/*` },
    { Sid: 'Interruptions', Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], Resource: args.queueArn },
    { Sid: 'PassNodeRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: args.nodeRoleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    { Sid: 'InstanceProfile', Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: `arn:aws:iam::${accountId}:instance-profile/*` },
    { Sid: 'Cluster', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}` },
  ];
}
