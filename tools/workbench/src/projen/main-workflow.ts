import type { github } from 'projen';
import { READ, RUNNER, workbenchWorkflow } from './workflow-defaults.js';
import { environmentChecks, setupSteps } from './workflow-steps.js';

/**
 * `main.yml`: after every push to main, main's environments are current and valid; and the
 * results that proves (program results, bundles, built manifest files) are kept as main's cache,
 * which every pull request's checks and every lab push restore, so they recompute only what they
 * change. A newer push cancels an older run: only the newest main matters.
 */
export function addMainWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'main', {
    fileName: 'main.yml',
    concurrency: { group: 'main-checks', cancelInProgress: true },
  });
  workflow.on({ push: { branches: ['main'] } });
  workflow.addJobs({
    checks: {
      name: 'Main is rendered and valid; keep its results for pull requests',
      runsOn: RUNNER,
      timeoutMinutes: 30,
      permissions: { contents: READ },
      steps: [
        ...setupSteps({ fetchDepth: 1 }),
        ...environmentChecks(),
      ],
    },
  });
  return workflow;
}
