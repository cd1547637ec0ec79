import * as aws from '@pulumi/aws';
import { type ResourceValidationPolicy, validateResourceOfType } from '@pulumi/policy';
import { actionMatches, DATA_ACTIONS, list, requiresAnyResource, type Statement, statementsOf } from './iam-statements.js';

const PERMISSION_TYPES = ['aws:iam/rolePolicy:RolePolicy', 'aws:iam/policy:Policy', 'aws:iam/groupPolicy:GroupPolicy'];

/** The permission documents of a resource: an inline or managed policy, or a role's inline policies. */
function permissionDocuments(type: string, props: Record<string, unknown>): unknown[] {
  if (PERMISSION_TYPES.includes(type)) return [props.policy];
  if (type === 'aws:iam/role:Role') return ((props.inlinePolicies ?? []) as { policy?: unknown }[]).map((p) => p.policy);
  return [];
}

function problems(statement: Statement): string[] {
  if (statement.Effect !== 'Allow') return [];
  const where = statement.Sid ? `statement ${statement.Sid}` : 'a statement';
  const found: string[] = [];
  if (statement.NotAction || statement.NotResource) found.push(`${where} uses NotAction/NotResource, which grants everything not listed; fix: list the actions and resources`);
  const actions = list(statement.Action);
  const broad = actions.filter((action) => action === '*' || DATA_ACTIONS.some((data) => action.includes('*') && actionMatches(action, data)));
  if (broad.length) found.push(`${where} allows ${broad.join(', ')}, a wildcard over data actions; fix: list the actions (e.g. s3:GetObject) the workload needs`);
  if (list(statement.Resource).includes('*')) {
    const scoped = actions.filter((action) => !requiresAnyResource(action));
    if (scoped.length) found.push(`${where} allows ${scoped.join(', ')} on every resource ("*"), though AWS scopes them to resources; fix: name the ARNs`);
  }
  return found;
}

/** No statement grants `*` actions on data, or `*` resources to actions AWS can scope. */
export const leastPrivilege: ResourceValidationPolicy = {
  name: 'iam-least-privilege',
  description: 'No IAM statement allows wildcard data actions, NotAction/NotResource, or "*" resources beyond what a service requires.',
  validateResource: (args, report) => {
    for (const document of permissionDocuments(args.type, args.props)) {
      for (const statement of statementsOf(document)) for (const problem of problems(statement)) report(problem);
    }
  },
};

const GITHUB_OIDC = 'token.actions.githubusercontent.com';
const SCOPED_SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:(ref:refs\/heads\/[A-Za-z0-9._/-]+|environment:[A-Za-z0-9._-]+|pull_request)$/;

/** GitHub OIDC trust names one repository and one branch, environment or pull requests, exactly. */
export const scopedOidcTrust: ResourceValidationPolicy = {
  name: 'oidc-trust-scoped',
  description: 'A role trusted by GitHub Actions names the audience and one subject of this repository (a branch, an environment or pull requests), without wildcards.',
  validateResource: validateResourceOfType(aws.iam.Role, (role, _args, report) => {
    for (const statement of statementsOf(role.assumeRolePolicy)) {
      const federated = (statement.Principal as { Federated?: string } | undefined)?.Federated ?? '';
      if (!federated.endsWith(`oidc-provider/${GITHUB_OIDC}`)) continue;
      const equals = statement.Condition?.StringEquals ?? {};
      const subjects = list(equals[`${GITHUB_OIDC}:sub`]);
      if (list(equals[`${GITHUB_OIDC}:aud`]).join() !== 'sts.amazonaws.com') report(`role ${role.name} trusts GitHub without requiring the audience sts.amazonaws.com; fix: add StringEquals ${GITHUB_OIDC}:aud`);
      if (statement.Condition?.StringLike || subjects.length !== 1 || !SCOPED_SUBJECT.test(subjects[0]!)) {
        report(`role ${role.name} trusts GitHub subjects ${JSON.stringify(subjects.length ? subjects : statement.Condition ?? {})}; fix: StringEquals ${GITHUB_OIDC}:sub to exactly one "repo:<owner>/<repo>:ref:refs/heads/<branch>", ":environment:<env>" or ":pull_request"`);
      }
    }
  }),
};

/** Nothing authenticates with long-lived keys: no IAM users, access keys or login profiles. */
export const noIamUsers: ResourceValidationPolicy = {
  name: 'no-iam-users',
  description: 'No IAM users or access keys: people use SSO roles, workflows use OIDC.',
  validateResource: (args, report) => {
    if (/^aws:iam\/(user|accessKey|userLoginProfile|userPolicy|userPolicyAttachment|serviceSpecificCredential):/.test(args.type)) {
      report(`${args.type} creates a long-lived credential; fix: use an IAM role (people through SSO, workflows through the GitHub OIDC roles)`);
    }
  },
};
