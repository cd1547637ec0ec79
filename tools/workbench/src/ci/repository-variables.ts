import { CI_ROLES, cloudStackFilePath, iamRoleArn, readCloudSharedConfig, registryHost } from '@workbench/stack-config';

export interface RepositoryVariable {
  name: string;
  value: string;
  /** Which workflows read it. */
  usedBy: string;
}

/**
 * The GitHub repository variables the generated workflows read, derived from the shared cloud
 * stack's config: nothing to look up in the AWS console, nothing to keep in step by hand.
 */
export function repositoryVariables(repoRoot: string): RepositoryVariable[] {
  const shared = readCloudSharedConfig(repoRoot);
  return [
    { name: 'AWS_ACCOUNT_ID', value: shared.accountId, usedBy: `infra.yml (the roles it assumes), from ${cloudStackFilePath('shared')}` },
    { name: 'AWS_REGION', value: shared.region, usedBy: 'release.yml, infra.yml' },
    { name: 'IMAGE_REGISTRY', value: registryHost(shared), usedBy: 'release.yml (where images are pushed)' },
    { name: 'RELEASE_ROLE_ARN', value: iamRoleArn(shared.accountId, CI_ROLES.release), usedBy: 'release.yml (push images over OIDC)' },
    { name: 'PULUMI_BACKEND_URL', value: `s3://${shared.stateBucket}`, usedBy: 'infra.yml (where Pulumi keeps state; or https://api.pulumi.com for Pulumi Cloud)' },
  ];
}
