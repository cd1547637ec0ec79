import type { github } from 'projen';
import { READ, RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { environmentChecks, setupSteps, uses } from './workflow-steps.js';

const SHAS = 'steps.shas.outputs';

/**
 * `pr.yml`: on every pull request to main, the affected projects' lint/typecheck/test/build, the
 * drift checks and validation; and one comment, updated in place, with the affected projects
 * and each environment's manifest diff. Superseded runs of the same PR are cancelled.
 */
export function addPullRequestWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'pull-request', {
    fileName: 'pr.yml',
    concurrency: { group: 'pull-request-${{ github.event.pull_request.number }}', cancelInProgress: true },
  });
  workflow.on({ pullRequest: { branches: ['main'] } });
  const shas = { name: 'Derive base and head SHAs', id: 'shas', run: 'npx workbench ci shas --event pull_request --base-branch main' };
  // Values reach scripts through env, never through expressions inside `run:`.
  const range = '--base="$BASE" --head="$HEAD"';
  const rangeEnv = { BASE: `\${{ ${SHAS}.base }}`, HEAD: `\${{ ${SHAS}.head }}` };

  workflow.addJobs({
    checks: {
      name: 'Affected lint, typecheck, test, build; drift; validate',
      runsOn: RUNNER,
      timeoutMinutes: 45,
      permissions: { contents: READ },
      steps: [
        ...setupSteps({ fetchDepth: 0 }),
        shas,
        { name: 'Lint, typecheck, test and build affected projects', run: `npx nx affected -t lint typecheck test build ${range}`, env: rangeEnv },
        { name: 'Generated files are current (projen)', run: 'npx workbench ci drift' },
        // main.yml keeps main's results: only the units and files this pull request changes run again.
        ...environmentChecks(),
      ],
    },
    report: {
      name: 'Affected projects and manifest diff',
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: READ },
      steps: [
        ...setupSteps({ fetchDepth: 0 }),
        shas,
        { name: 'Write the pull-request report', run: `npx workbench ci report ${range} --output pr-report.md`, env: rangeEnv },
        uses('uploadArtifact', 'Keep the report', { name: 'pr-report', path: 'pr-report.md', 'retention-days': 7 }),
      ],
    },
    comment: {
      name: 'Comment on the pull request',
      needs: ['report'],
      runsOn: RUNNER,
      timeoutMinutes: 10,
      // The only job that writes, and it writes one comment. It runs no code from the pull
      // request: the tooling is the base branch's, and the report is read as text.
      permissions: { contents: READ, pullRequests: WRITE },
      steps: [
        ...setupSteps({ fetchDepth: 1, ref: '${{ github.event.pull_request.base.sha }}' }),
        uses('downloadArtifact', 'Fetch the report', { name: 'pr-report', path: 'report' }),
        {
          name: 'Create or update the comment',
          run: 'npx workbench ci comment --pr "$PR" --body-file report/pr-report.md',
          env: { PR: '${{ github.event.pull_request.number }}', GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
        },
      ],
    },
  });
  return workflow;
}
