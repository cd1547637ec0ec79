import { CI_ROLES, CLOUD_PROGRAM_DIR, ENVIRONMENTS, SHARED_STACK } from '@workbench/stack-config';
import type { github } from 'projen';
import { type Job, READ, RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { setupSteps, uses } from './workflow-steps.js';

/** What changes a cloud plan: the program, its policies, its stack files, and the apps and pins it derives from. */
const CLOUD_INPUTS = [
  `${CLOUD_PROGRAM_DIR}/**`,
  'platform/policy/**',
  'platform/workloads/Pulumi.*.yaml',
  'apps/*/workload.yaml',
  'libs/stack-config/**',
  'libs/workload-spec/**',
  'package-lock.json',
];

/** The stacks in the order they are applied: shared creates the roles the others are deployed with. */
const STACKS = [SHARED_STACK, ...ENVIRONMENTS];
const roleArn = (role: string) => `arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role/${role}`;

/** Assume a role over OIDC, then run one Pulumi command on one stack with the policy pack. */
function pulumiSteps(command: 'preview' | 'up', stack: string, role: string): github.workflows.JobStep[] {
  return [
    ...setupSteps({ fetchDepth: 1 }),
    uses('configureAwsCredentials', `Assume ${role} (OIDC)`, { 'role-to-assume': roleArn(role), 'aws-region': '${{ vars.AWS_REGION }}' }),
    uses('pulumi', `Pulumi ${command} with the policy pack`, {
      command,
      'stack-name': stack,
      'work-dir': CLOUD_PROGRAM_DIR,
      'cloud-url': '${{ vars.PULUMI_BACKEND_URL }}',
      policyPacks: 'platform/policy',
      'comment-on-summary': true,
      ...(command === 'up' ? {} : { diff: true }),
    }),
  ];
}

function applyJob(stack: string, needs: string[]): Job {
  return {
    name: `Apply ${stack}`,
    ...(needs.length ? { needs } : {}),
    runsOn: RUNNER,
    timeoutMinutes: 60,
    // The GitHub environment is what the deploy role trusts; production's has required reviewers.
    environment: stack,
    permissions: { contents: READ, idToken: WRITE },
    env: { PULUMI_CONFIG_PASSPHRASE: '${{ secrets.PULUMI_CONFIG_PASSPHRASE }}' },
    steps: pulumiSteps('up', stack, CI_ROLES.deploy(stack)),
  };
}

/**
 * `infra.yml`: on a pull request touching the cloud's inputs, the offline plan (the inventories
 * and the policy pack, no credentials, forks included) and, for this repository's own branches,
 * a real `pulumi preview --policy-pack` per stack with the read-only plan role. On merge to main,
 * `pulumi up` per stack: shared, then staging and lab; production after staging, behind the
 * approval its GitHub environment requires.
 */
export function addInfraWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'infra', {
    fileName: 'infra.yml',
    // Applies queue up; a cancelled `pulumi up` can leave a stack locked.
    concurrency: { group: 'infra-${{ github.ref }}', cancelInProgress: false },
  });
  workflow.on({ pullRequest: { paths: CLOUD_INPUTS }, push: { branches: ['main'], paths: CLOUD_INPUTS } });

  workflow.addJobs({
    'offline-plan': {
      name: 'Offline plan and policies (no credentials)',
      if: "github.event_name == 'pull_request'",
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: READ },
      steps: [
        ...setupSteps({ fetchDepth: 0 }),
        { name: 'Plans and policies are current', run: 'npx workbench render --check' },
        {
          name: 'What changes in the cloud',
          run: 'npx workbench diff --base "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"',
          env: { BASE_REF: '${{ github.base_ref }}' },
        },
      ],
    },
    preview: {
      name: 'pulumi preview ${{ matrix.stack }}',
      // A fork's pull request gets no OIDC token; its offline plan above is the review.
      if: "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository",
      runsOn: RUNNER,
      timeoutMinutes: 30,
      permissions: { contents: READ, idToken: WRITE },
      strategy: { failFast: false, matrix: { domain: { stack: STACKS } } },
      env: { PULUMI_CONFIG_PASSPHRASE: '${{ secrets.PULUMI_CONFIG_PASSPHRASE }}' },
      steps: pulumiSteps('preview', '${{ matrix.stack }}', CI_ROLES.plan),
    },
    [`apply-${SHARED_STACK}`]: { ...applyJob(SHARED_STACK, []), if: "github.event_name == 'push'" },
    'apply-staging': applyJob('staging', [`apply-${SHARED_STACK}`]),
    'apply-lab': applyJob('lab', [`apply-${SHARED_STACK}`]),
    'apply-production': applyJob('production', ['apply-staging']),
  });
  return workflow;
}
