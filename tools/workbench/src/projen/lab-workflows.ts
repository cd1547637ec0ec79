import type { github } from 'projen';
import { RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { setupSteps } from './workflow-steps.js';

/**
 * `lab.yml`: on every push to a lab branch, check the spec, render and validate the lab, commit
 * the rendered lab back onto the branch, and put the access sheet in the job summary. Pushes made
 * with GITHUB_TOKEN start no workflow, so the commit back does not loop.
 */
export function addLabWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'lab', {
    fileName: 'lab.yml',
    concurrency: { group: 'lab-${{ github.ref_name }}', cancelInProgress: true },
  });
  workflow.on({ push: { branches: ['lab/**'] } });
  workflow.addJobs({
    lab: {
      name: 'Render the lab and publish its access sheet',
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: WRITE },
      steps: [
        ...setupSteps({ fetchDepth: 1 }),
        {
          name: 'Check the lab spec',
          id: 'lab',
          run: 'npx workbench lab check --branch "$BRANCH"',
          env: { BRANCH: '${{ github.ref_name }}' },
        },
        { name: 'Render the lab environment', run: 'npx workbench render --env lab' },
        { name: 'Validate the lab environment', run: 'npx workbench validate --env lab' },
        {
          name: 'Commit the rendered lab to the branch',
          run: 'npx workbench lab commit-render "$LAB" --push',
          env: { LAB: '${{ steps.lab.outputs.lab }}' },
        },
        {
          name: 'Write the access sheet',
          run: 'npx workbench lab access "$LAB" --summary',
          env: { LAB: '${{ steps.lab.outputs.lab }}' },
        },
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
        {
          name: 'Reap expired labs',
          // A scheduled run has no inputs: it deletes. A manual run deletes only when dry-run is unticked.
          run: 'npx workbench lab reap ${{ inputs.dry_run && \'--dry-run\' || \'\' }}',
          env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
        },
      ],
    },
  });
  return workflow;
}
