/**
 * IAM policy documents as typed JSON. Built here rather than with `aws.iam.getPolicyDocument`,
 * which is an invoke that needs the live provider; every ARN is spelled from the naming module,
 * so a document is fully known when the plan is reviewed.
 */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { AWS?: string | string[]; Service?: string | string[]; Federated?: string } | '*';
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Who may assume a role: EKS Pod Identity, for pods of this account's clusters. */
export function podIdentityTrust(accountId: string): string {
  return policyDocument([
    {
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}

/** Who may assume a role: an AWS service (EKS for the cluster, EC2 for nodes). */
export function serviceTrust(service: string): string {
  return policyDocument([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]);
}

/** AWS-managed policies by name; they live in the `aws` partition's account, not ours. */
export const managedPolicyArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;
