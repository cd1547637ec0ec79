import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { describe, expect, it } from 'vitest';
import { encryptedTlsOnlyBucket, noPublicBucket } from './bucket-policies.js';
import { leastPrivilege, noIamUsers, scopedOidcTrust } from './iam-policies.js';
import { hardenedCluster, immutableScannedRegistry, noOpenSecurityGroups } from './platform-policies.js';
import { policies } from './policies.js';

/** A resource as the Pulumi CLI hands it to a policy: its type token and props. */
function resource(type: string, name: string, props: Record<string, unknown>): PolicyResource {
  const isType = (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === type;
  return { type, name, props, urn: `urn:pulumi:test::cloud::${type}::${name}`, opts: {}, isType, asType: (cls: unknown) => (isType(cls) ? props : undefined), dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
}

class NotApplicable extends Error {}

/** The messages a policy reports: over one resource, or over a whole stack. */
async function violations(policy: ResourceValidationPolicy | StackValidationPolicy, resources: PolicyResource[]): Promise<string[]> {
  const messages: string[] = [];
  const report = (message: string) => void messages.push(message);
  const notApplicable = () => {
    throw new NotApplicable();
  };
  const withHelpers = resources.map((r) => ({ ...r, getConfig: () => ({}), notApplicable }));
  try {
    if ('validateStack' in policy && policy.validateStack) await policy.validateStack({ resources: withHelpers, getConfig: () => ({}) } as never, report);
    const validate = 'validateResource' in policy ? [policy.validateResource ?? []].flat() : [];
    for (const r of withHelpers) {
      for (const fn of validate) {
        try {
          await fn(r as never, report);
        } catch (error) {
          if (!(error instanceof NotApplicable)) throw error;
        }
      }
    }
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
  }
  return messages;
}

const document = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const rolePolicy = (...statements: object[]) => resource('aws:iam/rolePolicy:RolePolicy', 'p', { role: 'r', policy: document(...statements) });

function bucketStack(name: string, overrides: { block?: Record<string, boolean>; sse?: string; tls?: boolean; logTarget?: boolean; policy?: object[] } = {}): PolicyResource[] {
  const { block = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, sse = 'aws:kms', tls = true } = overrides;
  return [
    resource('aws:s3/bucket:Bucket', name, { bucket: name }),
    resource('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', name, { bucket: name, ...block }),
    resource('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', name, { bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse } }] }),
    resource('aws:s3/bucketPolicy:BucketPolicy', name, {
      bucket: name,
      policy: document(...(tls ? [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] : []), ...(overrides.policy ?? [])),
    }),
    ...(overrides.logTarget ? [resource('aws:s3/bucketLogging:BucketLogging', `to-${name}`, { bucket: 'other', targetBucket: name })] : []),
  ];
}

describe('the cloud policy pack', () => {
  it('is every policy, each mandatory by the pack default and named once', () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(policies.every((p) => p.enforcementLevel === undefined)).toBe(true);
  });

  it('s3-no-public-bucket: passes a private bucket; fails a missing block, a public ACL, or a policy granting everyone', async () => {
    expect(await violations(noPublicBucket, bucketStack('ok'))).toEqual([]);
    expect(await violations(noPublicBucket, bucketStack('open', { block: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true } }))).toEqual([
      expect.stringContaining('bucket open does not block public access (blockPublicPolicy not true)'),
    ]);
    const acl = bucketStack('acl');
    acl[0] = resource('aws:s3/bucket:Bucket', 'acl', { bucket: 'acl', acl: 'public-read' });
    expect(await violations(noPublicBucket, acl)).toEqual([expect.stringContaining('public ACL "public-read"')]);
    expect(await violations(noPublicBucket, bucketStack('grant', { policy: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }))).toEqual([
      expect.stringContaining('allows everyone (Principal "*") in Everyone'),
    ]);
  });

  it('s3-kms-and-tls-only: KMS everywhere except S3 access-log targets, and a TLS-only policy', async () => {
    expect(await violations(encryptedTlsOnlyBucket, bucketStack('ok'))).toEqual([]);
    expect(await violations(encryptedTlsOnlyBucket, bucketStack('logs', { sse: 'AES256', logTarget: true }))).toEqual([]);
    expect(await violations(encryptedTlsOnlyBucket, bucketStack('plain', { sse: 'AES256' }))).toEqual([expect.stringContaining('bucket plain is not encrypted with KMS (AES256)')]);
    expect(await violations(encryptedTlsOnlyBucket, bucketStack('http', { tls: false }))).toEqual([expect.stringContaining('bucket http accepts requests without TLS')]);
  });

  it('iam-least-privilege: refuses wildcard data actions, NotAction, and "*" resources for actions AWS scopes', async () => {
    expect(await violations(leastPrivilege, [rolePolicy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/p/*' }, { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' })])).toEqual([]);
    expect(await violations(leastPrivilege, [rolePolicy({ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' })])).toEqual([expect.stringContaining('statement All allows s3:*, a wildcard over data actions')]);
    expect(await violations(leastPrivilege, [rolePolicy({ Sid: 'Reads', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' })])).toEqual([expect.stringContaining('allows s3:Get*')]);
    expect(await violations(leastPrivilege, [rolePolicy({ Sid: 'Pass', Effect: 'Allow', Action: ['iam:PassRole', 'ecr:GetAuthorizationToken'], Resource: '*' })])).toEqual([
      expect.stringContaining('statement Pass allows iam:PassRole on every resource'),
    ]);
    expect(await violations(leastPrivilege, [rolePolicy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })])).toEqual([expect.stringContaining('NotAction/NotResource')]);
    expect(await violations(leastPrivilege, [rolePolicy({ Effect: 'Allow', Action: '*', Resource: '*' })])).toEqual([expect.stringContaining('allows *, a wildcard over data actions'), expect.stringContaining('on every resource')]);
  });

  it('oidc-trust-scoped: one exact subject of one repository, with the audience', async () => {
    const role = (condition: object) =>
      resource('aws:iam/role:Role', 'ci', {
        name: 'ci',
        assumeRolePolicy: document({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }),
      });
    const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
    expect(await violations(scopedOidcTrust, [role({ StringEquals: { ...aud, 'token.actions.githubusercontent.com:sub': 'repo:acme/workbench:environment:production' } })])).toEqual([]);
    expect(await violations(scopedOidcTrust, [role({ StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/workbench:*' } })])).toEqual([expect.stringContaining('role ci trusts GitHub subjects')]);
    expect(await violations(scopedOidcTrust, [role({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/workbench:pull_request' } })])).toEqual([expect.stringContaining('without requiring the audience')]);
  });

  it('no-iam-users, ecr-immutable-scanned, eks-encryption-and-logging, sg-internet-only-on-load-balancer-ports', async () => {
    expect(await violations(noIamUsers, [resource('aws:iam/accessKey:AccessKey', 'key', { user: 'ci' })])).toEqual([expect.stringContaining('long-lived credential')]);
    expect(await violations(immutableScannedRegistry, [resource('aws:ecr/repository:Repository', 'app', { name: 'app', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } })])).toEqual([]);
    expect(await violations(immutableScannedRegistry, [resource('aws:ecr/repository:Repository', 'app', { name: 'app', imageTagMutability: 'MUTABLE' })])).toEqual([
      expect.stringContaining('mutable tags'),
      expect.stringContaining('does not scan on push'),
    ]);
    const cluster = { name: 'c', encryptionConfig: { resources: ['secrets'] }, enabledClusterLogTypes: ['api', 'audit', 'authenticator'], accessConfig: { authenticationMode: 'API' } };
    expect(await violations(hardenedCluster, [resource('aws:eks/cluster:Cluster', 'c', cluster)])).toEqual([]);
    expect(await violations(hardenedCluster, [resource('aws:eks/cluster:Cluster', 'c', { ...cluster, encryptionConfig: undefined, enabledClusterLogTypes: ['api'], accessConfig: { authenticationMode: 'CONFIG_MAP' } })])).toEqual([
      expect.stringContaining('does not envelope-encrypt Secrets'),
      expect.stringContaining('does not log audit, authenticator'),
      expect.stringContaining('aws-auth ConfigMap'),
    ]);
    const group = (ingress: object[]) => resource('aws:ec2/securityGroup:SecurityGroup', 'sg', { ingress });
    expect(await violations(noOpenSecurityGroups, [group([{ fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }, { fromPort: 22, toPort: 22, cidrBlocks: ['10.0.0.0/8'] }])])).toEqual([]);
    expect(await violations(noOpenSecurityGroups, [group([{ fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }])])).toEqual([expect.stringContaining('admits the whole internet on port 22')]);
  });
});
