import type { github } from 'projen';
import { READ, RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { checkoutStep, setupSteps, uses } from './workflow-steps.js';

const PLAN = 'needs.plan.outputs';

/**
 * `release.yml`: on every push to main, build and push an image for each affected deployable
 * app (tagged with the commit, registry login through OIDC), then pin those versions in the
 * staging stack, re-render staging and commit to main. The commit is pushed with the workflow's
 * own token, which GitHub never lets start another run, and carries [skip ci] besides.
 */
export function addReleaseWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'release', {
    fileName: 'release.yml',
    // Releases queue up; cancelling one half-way could leave images without pins.
    concurrency: { group: 'release-main', cancelInProgress: false },
  });
  workflow.on({ push: { branches: ['main'] } });

  workflow.addJobs({
    plan: {
      name: 'Plan: affected deployable apps',
      runsOn: RUNNER,
      timeoutMinutes: 15,
      // actions: read lists earlier release runs to find the last successful base.
      permissions: { contents: READ, actions: READ },
      outputs: {
        apps: { stepId: 'apps', outputName: 'apps' },
        base: { stepId: 'shas', outputName: 'base' },
        tag: { stepId: 'shas', outputName: 'tag' },
      },
      steps: [
        ...setupSteps({ fetchDepth: 0 }),
        {
          name: 'Derive base and head SHAs',
          id: 'shas',
          run: 'npx workbench ci shas --event push --workflow release.yml --branch main',
          env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
        },
        {
          name: 'List affected deployable apps',
          id: 'apps',
          run: 'npx workbench ci affected --base="$BASE" --head="$HEAD" --deployable --output apps',
          env: { BASE: '${{ steps.shas.outputs.base }}', HEAD: '${{ steps.shas.outputs.head }}' },
        },
      ],
    },
    images: {
      name: 'Image: ${{ matrix.app }}',
      needs: ['plan'],
      if: `${PLAN}.apps != '[]'`,
      runsOn: RUNNER,
      timeoutMinutes: 30,
      // id-token: write lets the job exchange its OIDC token for short-lived registry credentials.
      permissions: { contents: READ, idToken: WRITE },
      strategy: { failFast: false, matrix: { domain: { app: `\${{ fromJSON(${PLAN}.apps) }}` } } },
      steps: [
        checkoutStep('Check out', { fetchDepth: 1 }),
        uses('configureAwsCredentials', 'Assume the release role (OIDC)', {
          'role-to-assume': '${{ vars.RELEASE_ROLE_ARN }}',
          'aws-region': '${{ vars.AWS_REGION }}',
        }),
        uses('amazonEcrLogin', 'Log in to the registry', {}, { id: 'registry' }),
        uses('setupBuildx', 'Set up Docker Buildx', {}),
        uses(
          'buildPush',
          'Build and push',
          {
            context: '.',
            file: 'apps/${{ matrix.app }}/Dockerfile',
            push: true,
            tags: `\${{ vars.IMAGE_REGISTRY }}/\${{ matrix.app }}:\${{ ${PLAN}.tag }}`,
            provenance: true,
          },
          { id: 'build' },
        ),
        {
          name: 'Record the digest',
          run: 'mkdir -p digests && printf "%s" "$DIGEST" > "digests/$APP"',
          env: { APP: '${{ matrix.app }}', DIGEST: '${{ steps.build.outputs.digest }}' },
        },
        uses('uploadArtifact', 'Keep the digest', { name: 'digest-${{ matrix.app }}', path: 'digests/', 'retention-days': 1 }),
      ],
    },
    pin: {
      name: 'Pin the new versions in staging',
      needs: ['plan', 'images'],
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: WRITE },
      steps: [
        // Pushes the pin commit: main's reviewed code only, so the token may stay in .git/config.
        ...setupSteps({ fetchDepth: 0, ref: 'main', persistCredentials: true }),
        uses('downloadArtifact', 'Fetch the digests', { pattern: 'digest-*', path: 'digests', 'merge-multiple': true }),
        {
          name: 'Pin, re-render staging, commit and push',
          run: 'npx workbench release staging --apps "$APPS" --tag "$TAG" --commit "$COMMIT" --registry "$REGISTRY" --digests digests --push',
          env: { APPS: `\${{ ${PLAN}.apps }}`, TAG: `\${{ ${PLAN}.tag }}`, COMMIT: '${{ github.sha }}', REGISTRY: '${{ vars.IMAGE_REGISTRY }}' },
        },
      ],
    },
  });
  return workflow;
}
