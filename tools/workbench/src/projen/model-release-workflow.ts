import { MODEL_RELEASE_ENVIRONMENT } from '@workbench/stack-config';
import type { github } from 'projen';
import { RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { setupSteps } from './workflow-steps.js';

/**
 * `model-release.yml`: on a schedule and on demand, pins in staging the newest model versions
 * MLflow registered past their bar (`workbench model release`), as release.yml pins images.
 * MLflow's address is a repository variable, its token a secret; a dry run only reports.
 */
export function addModelReleaseWorkflow(gh: github.GitHub, options: { schedule: string }): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'model-release', {
    fileName: 'model-release.yml',
    concurrency: { group: 'model-release', cancelInProgress: false },
  });
  workflow.on({
    schedule: [{ cron: options.schedule }],
    workflowDispatch: {
      inputs: {
        // projen types every default as a string; a boolean input needs a YAML boolean.
        dry_run: { description: 'Only report which model versions would be pinned', required: false, type: 'boolean', default: false as unknown as string },
      },
    },
  });
  const env = { MLFLOW_TRACKING_URI: '${{ vars.MLFLOW_TRACKING_URI }}', MLFLOW_TRACKING_TOKEN: '${{ secrets.MLFLOW_TRACKING_TOKEN }}' };
  workflow.addJobs({
    release: {
      name: `Pin new model versions in ${MODEL_RELEASE_ENVIRONMENT}`,
      runsOn: RUNNER,
      timeoutMinutes: 20,
      permissions: { contents: WRITE },
      steps: [
        // Pushes the release commit: main's reviewed code only.
        ...setupSteps({ fetchDepth: 0, persistCredentials: true }),
        { name: 'Report new model versions (dry run)', if: 'inputs.dry_run', run: `npx workbench model release ${MODEL_RELEASE_ENVIRONMENT} --dry-run`, env },
        { name: 'Release new model versions', if: '!inputs.dry_run', run: `npx workbench model release ${MODEL_RELEASE_ENVIRONMENT} --push`, env },
      ],
    },
  });
  return workflow;
}
