import type * as pulumi from '@pulumi/pulumi';
import { CI_ROLES, type CloudSharedConfig, ENVIRONMENTS, readStackConfig, SHARED_STACK } from '@workbench/stack-config';
import { deploySharedStatements, deployStatements, planStatements, releaseStatements } from './ci-permissions.js';
import { GitHubIdentities } from './github-identities.js';
import { ImageRegistry } from './image-registry.js';

/**
 * The shared stack: an image repository per app in apps/, and the roles the workflows assume —
 * `release` from the release branch, `plan` from pull requests, `deploy-<env>` from the GitHub
 * environment of the same name.
 */
export function declareSharedStack(repoRoot: string, config: CloudSharedConfig, apps: string[], opts: pulumi.ComponentResourceOptions): void {
  new ImageRegistry('registry', { apps }, opts);
  new GitHubIdentities('github', {
    accountId: config.accountId,
    repository: config.github.repository,
    roles: [
      {
        name: CI_ROLES.release,
        description: `Pushes app images; assumed by ${config.github.releaseBranch} of ${config.github.repository} only`,
        subject: `ref:refs/heads/${config.github.releaseBranch}`,
        statements: releaseStatements(config, apps),
      },
      {
        name: CI_ROLES.plan,
        description: `Reads state and settings for pulumi preview; assumed by pull requests of ${config.github.repository}`,
        subject: 'pull_request',
        statements: planStatements(config.stateBucket),
      },
      {
        name: CI_ROLES.deploy(SHARED_STACK),
        description: `Applies the shared stack; assumed from the GitHub environment "${SHARED_STACK}" only`,
        subject: `environment:${SHARED_STACK}`,
        statements: deploySharedStatements(config),
      },
      ...ENVIRONMENTS.map((env) => ({
        name: CI_ROLES.deploy(env),
        description: `Applies the ${env} stack; assumed from the GitHub environment "${env}" only`,
        subject: `environment:${env}`,
        statements: deployStatements({ ...config, env, clusterName: readStackConfig(repoRoot, env).cluster.name }),
      })),
    ],
  }, opts);
}
