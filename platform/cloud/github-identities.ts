import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CI_ROLES, GITHUB_OIDC_HOST, githubOidcProviderArn } from '@workbench/stack-config';
import { policyDocument, type Statement } from './iam-document.js';

export interface CiRole {
  /** Role name from the naming module (`CI_ROLES`). */
  name: string;
  description: string;
  /**
   * The one OIDC subject allowed to assume it: `ref:refs/heads/main`, `pull_request` or
   * `environment:<env>` of this repository.
   */
  subject: string;
  statements: Statement[];
}

/**
 * The GitHub Actions OIDC provider and the roles workflows assume with it. Each role trusts
 * exactly one subject of this repository, so a fork, another branch or another environment
 * cannot assume it; no IAM user or access key exists anywhere.
 */
export class GitHubIdentities extends pulumi.ComponentResource {
  constructor(name: string, args: { accountId: string; repository: string; roles: CiRole[] }, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:GitHubIdentities', name, {}, opts);
    const provider = new aws.iam.OpenIdConnectProvider(
      'github-actions',
      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ['sts.amazonaws.com'] },
      { parent: this },
    );
    for (const role of args.roles) {
      const trust = policyDocument([
        {
          Sid: 'GitHubActions',
          Effect: 'Allow',
          Principal: { Federated: githubOidcProviderArn(args.accountId) },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com', [`${GITHUB_OIDC_HOST}:sub`]: `repo:${args.repository}:${role.subject}` },
          },
        },
      ]);
      const created = new aws.iam.Role(role.name, { name: role.name, description: role.description, assumeRolePolicy: trust, maxSessionDuration: 3600 }, { parent: this, dependsOn: [provider] });
      new aws.iam.RolePolicy(`${role.name}-policy`, { name: 'access', role: role.name, policy: policyDocument(role.statements) }, { parent: this, dependsOn: [created] });
    }
  }
}

export { CI_ROLES };
