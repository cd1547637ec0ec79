import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { iamRoleArn } from '@workbench/stack-config';
import { podIdentityTrust, policyDocument, type Statement } from './iam-document.js';

export interface PodIdentityRoleArgs {
  /** Role name, from the naming module (`appRoleName`, `platformRoleName`). */
  roleName: string;
  accountId: string;
  /** The cluster whose pods assume the role; the association waits for it. */
  cluster: aws.eks.Cluster;
  namespace: string;
  /** The ServiceAccounts whose pods assume it (an app's own; a Spark job's driver too). */
  serviceAccounts: string[];
  /** Exactly what the pods may do; no statements, no inline policy. */
  statements: Statement[];
  /** AWS-managed policies a controller documents as its permissions (the EBS CSI driver). */
  managedPolicies?: string[];
  description: string;
  /** False when an EKS add-on associates the role itself (`podIdentityAssociations`). */
  associate?: boolean;
}

/**
 * An IAM role that one ServiceAccount's pods assume through EKS Pod Identity: the association
 * lives in AWS, so no manifest carries a role ARN and the ServiceAccount needs no annotation.
 */
export class PodIdentityRole extends pulumi.ComponentResource {
  readonly roleArn: string;

  constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:PodIdentityRole', name, {}, opts);
    const child = { parent: this };
    const role = new aws.iam.Role(
      `${name}-role`,
      { name: args.roleName, description: args.description, assumeRolePolicy: podIdentityTrust(args.accountId), maxSessionDuration: 3600 },
      child,
    );
    if (args.statements.length > 0) {
      new aws.iam.RolePolicy(`${name}-policy`, { name: 'access', role: args.roleName, policy: policyDocument(args.statements) }, { parent: this, dependsOn: [role] });
    }
    for (const policy of args.managedPolicies ?? []) {
      new aws.iam.RolePolicyAttachment(`${name}-${policy.split('/').at(-1)}`, { role: args.roleName, policyArn: policy }, { parent: this, dependsOn: [role] });
    }
    this.roleArn = iamRoleArn(args.accountId, args.roleName);
    if (args.associate === false) return;
    for (const serviceAccount of args.serviceAccounts) {
      new aws.eks.PodIdentityAssociation(
        serviceAccount === args.serviceAccounts[0] ? `${name}-association` : `${name}-${serviceAccount}-association`,
        { clusterName: args.cluster.name, namespace: args.namespace, serviceAccount, roleArn: this.roleArn },
        { parent: this, dependsOn: [role] },
      );
    }
  }
}
