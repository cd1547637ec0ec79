import { ENVIRONMENTS } from '@workbench/stack-config';
import type { github } from 'projen';
import { RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { setupSteps } from './workflow-steps.js';

/**
 * `promote.yml`: opens (or updates) a promotion pull request on demand, and — when a schedule is
 * given — regularly. Inputs reach the command through environment variables, never through
 * expressions in the script, so an input cannot inject shell.
 */
export function addPromoteWorkflow(gh: github.GitHub, options: { schedule?: string } = {}): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'promote', {
    fileName: 'promote.yml',
    concurrency: { group: 'promote-${{ inputs.to || \'production\' }}', cancelInProgress: false },
  });
  workflow.on({
    workflowDispatch: {
      inputs: {
        from: { description: 'Source environment', required: true, type: 'choice', options: [...ENVIRONMENTS], default: 'staging' },
        to: { description: 'Target environment', required: true, type: 'choice', options: [...ENVIRONMENTS], default: 'production' },
        apps: { description: 'Apps to promote, space-separated (empty with no models: everything that differs)', required: false, type: 'string', default: '' },
        models: { description: 'Models to promote (<customer>-<model>), space-separated', required: false, type: 'string', default: '' },
      },
    },
    ...(options.schedule ? { schedule: [{ cron: options.schedule }] } : {}),
  });
  workflow.addJobs({
    promote: {
      name: 'Open the promotion pull request',
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: WRITE, pullRequests: WRITE },
      steps: [
        // Pushes the promotion branch: main's reviewed code only.
        ...setupSteps({ fetchDepth: 0, persistCredentials: true }),
        {
          name: 'Promote',
          run: 'npx workbench promote "$FROM" "$TO" --apps "$APPS" --models "$MODELS"',
          env: {
            FROM: "${{ inputs.from || 'staging' }}",
            TO: "${{ inputs.to || 'production' }}",
            APPS: "${{ inputs.apps || '' }}",
            MODELS: "${{ inputs.models || '' }}",
            GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
          },
        },
      ],
    },
  });
  return workflow;
}
