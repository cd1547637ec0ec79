import { dnsLabel, ipv4Cidr } from '@workbench/workload-spec';
import { z } from 'zod';

/** The namespace of the cloud program's keys in platform/cloud/Pulumi.<stack>.yaml (`cloud:accountId`). */
export const CLOUD_CONFIG_NAMESPACE = 'cloud';

/** The cloud stack every environment shares: the image registry and the CI identities. */
export const SHARED_STACK = 'shared';

export const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as eu-west-1');

const ACCOUNT_ID_FORMAT = 'expected the 12-digit AWS account id in quotes, e.g. "123456789012" (unquoted, YAML reads it as a number)';
const accountId = z
  .string({ error: ACCOUNT_ID_FORMAT })
  .regex(/^\d{12}$/, ACCOUNT_ID_FORMAT);

const iamRoleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin');

/**
 * `cloud:*` of the shared stack. The account and region of the image registry and the CI roles,
 * the prefix of every globally unique name, the repository whose workflows may assume the roles,
 * and the bucket holding Pulumi's state (created by hand on day zero, see README).
 */
export const cloudSharedConfigSchema = z.strictObject({
  accountId,
  region: awsRegion,
  organization: dnsLabel.max(20, 'at most 20 characters: it prefixes bucket names, which AWS limits to 63').describe('Prefix of globally unique names (S3 buckets)'),
  github: z.strictObject({
    repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'expected owner/name of this repository on GitHub, e.g. acme/workbench'),
    releaseBranch: z.string().regex(/^[A-Za-z0-9._/-]+$/).default('main'),
  }),
  stateBucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name').describe('The S3 bucket Pulumi keeps its state in'),
});
export type CloudSharedConfig = z.infer<typeof cloudSharedConfigSchema>;

const availabilityZone = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'expected an availability zone such as eu-west-1a');

/**
 * `cloud:*` of an environment's stack. The region, domain and cluster name are the environment's
 * (`workloads:cluster`, `workloads:domain` in platform/workloads/Pulumi.<env>.yaml), read by both
 * programs, so they are written once; the account is the shared stack's (the CI roles that
 * deploy an environment live there). Values a live provider would look up (the zones) are
 * inputs, so the program plans offline.
 */
export const cloudEnvironmentConfigSchema = z.strictObject({
  availabilityZones: z.array(availabilityZone).length(3, 'exactly three zones: nodes, NAT and the data plane span three'),
  network: z.strictObject({
    vpcCidr: ipv4Cidr,
    privateSubnets: z.array(ipv4Cidr).length(3, 'one private subnet (nodes) per zone'),
    publicSubnets: z.array(ipv4Cidr).length(3, 'one public subnet (load balancers, NAT) per zone'),
    natGateways: z.enum(['one', 'per-zone']).default('per-zone').describe('per-zone survives a zone outage; one costs less (lab)'),
  }),
  kubernetes: z.strictObject({
    version: z.string().regex(/^1\.\d{2}$/, 'expected a Kubernetes minor version such as "1.32" (quoted)'),
    endpointPublicAccess: z.boolean().default(false).describe('Whether the API server is reachable from the internet (only from publicAccessCidrs)'),
    publicAccessCidrs: z.array(ipv4Cidr).default([]),
    adminRoleArns: z.array(iamRoleArn).default([]).describe('Roles given cluster-admin through EKS access entries'),
    logRetentionDays: z.number().int().min(1).max(3653).default(90),
  }),
  nodes: z.strictObject({
    instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'expected an EC2 instance type such as m7i.large')).min(1),
    minSize: z.number().int().min(1).max(100),
    desiredSize: z.number().int().min(1).max(100),
    maxSize: z.number().int().min(1).max(100),
    diskGiB: z.number().int().min(20).max(1000).default(50),
  }),
  lake: z
    .strictObject({
      noncurrentVersionDays: z.number().int().min(1).max(3650).default(30),
      sparkLogDays: z.number().int().min(1).max(3650).default(30),
      accessLogDays: z.number().int().min(1).max(3650).default(365),
    })
    .default({ noncurrentVersionDays: 30, sparkLogDays: 30, accessLogDays: 365 }),
});
export type CloudEnvironmentConfig = z.infer<typeof cloudEnvironmentConfigSchema>;
