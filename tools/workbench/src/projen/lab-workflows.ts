import type { github } from 'projen';
import { RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { checkoutStep, renderCacheStep, setupSteps } from './workflow-steps.js';

/** Where lab.yml checks out the pushed lab branch, beside main's tooling. */
const LAB_CHECKOUT = 'lab-branch';

/**
 * `lab.yml`: on every push to a lab branch, check the spec, render and validate the lab, commit
 * the rendered lab back onto the branch, and put the access sheet in the job summary. A lab
 * branch is not reviewed, so none of its code runs here: the tooling is main's, and the branch is
 * checked out beside it only to read its spec and to receive the render. Pushes made with
 * GITHUB_TOKEN start no workflow, so the commit back does not loop.
 */
export function addLabWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'lab', {
    fileName: 'lab.yml',
    concurrency: { group: 'lab-${{ github.ref_name }}', cancelInProgress: true },
  });
  workflow.on({ push: { branches: ['lab/**'] } });
  const labEnv = { LAB: '${{ steps.lab.outputs.lab }}' };
  workflow.addJobs({
    lab: {
      name: 'Render the lab and publish its access sheet',
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: WRITE },
      steps: [
        ...setupSteps({ fetchDepth: 1, ref: 'main' }),
        // Only git reads and writes this checkout; its token is what pushes the render back.
        checkoutStep('Check out the lab branch (data only)', { fetchDepth: 1, ref: '${{ github.ref }}', path: LAB_CHECKOUT, persistCredentials: true }),
        {
          name: 'Check the lab spec and take it into the trusted checkout',
          id: 'lab',
          run: `npx workbench lab check --branch "$BRANCH" --from ${LAB_CHECKOUT}`,
          env: { BRANCH: '${{ github.ref_name }}' },
        },
        renderCacheStep(),
        { name: 'Render the lab environment', run: 'npx workbench render --env lab' },
        { name: 'Validate the lab environment', run: 'npx workbench validate --env lab' },
        {
          name: 'Commit the rendered lab to the branch',
          run: `npx workbench lab commit-render "$LAB" --into ${LAB_CHECKOUT} --push`,
          env: labEnv,
        },
        { name: 'Write the access sheet', run: 'npx workbench lab access "$LAB" --summary', env: labEnv },
      ],
    },
  });
  return workflow;
}

/**
 * `lab-reaper.yml`: deletes expired lab branches through the GitHub API, hourly; by hand with a
 * dry-run input (on by default, so a manual run only reports).
 */
export function addLabReaperWorkflow(gh: github.GitHub, options: { schedule: string }): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'lab-reaper', {
    fileName: 'lab-reaper.yml',
    concurrency: { group: 'lab-reaper', cancelInProgress: false },
  });
  workflow.on({
    schedule: [{ cron: options.schedule }],
    workflowDispatch: {
      inputs: {
        // projen types every default as a string; a boolean input needs a YAML boolean.
        dry_run: { description: 'Only report which lab branches would be deleted', required: false, type: 'boolean', default: true as unknown as string },
      },
    },
  });
  workflow.addJobs({
    reap: {
      name: 'Delete expired lab branches',
      runsOn: RUNNER,
      timeoutMinutes: 10,
      permissions: { contents: WRITE },
      steps: [
        ...setupSteps({ fetchDepth: 1 }),
        // A scheduled run has no inputs: it deletes. A manual run deletes only when dry-run is unticked.
        { name: 'Report expired labs (dry run)', if: 'inputs.dry_run', run: 'npx workbench lab reap --dry-run', env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' } },
        { name: 'Reap expired labs', if: '!inputs.dry_run', run: 'npx workbench lab reap', env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' } },
      ],
    },
  });
  return workflow;
}
