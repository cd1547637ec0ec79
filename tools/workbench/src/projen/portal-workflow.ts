import type { github } from 'projen';
import { READ, RUNNER, workbenchWorkflow, WRITE } from './workflow-defaults.js';
import { setupSteps, uses } from './workflow-steps.js';

const SITE = 'dist/portal';
const ON_MAIN = "github.event_name != 'pull_request'";

/**
 * `portal.yml`: builds the portal on every pull request (a broken guide link fails it) and, on
 * main, publishes it to GitHub Pages. The build needs the whole history (versions and their pull
 * requests) and, on main, the lab branches on origin: its checkout keeps the job's read-only
 * token. Deploying is a job of its own, the only one that may write to Pages.
 */
export function addPortalWorkflow(gh: github.GitHub): github.GithubWorkflow {
  const workflow = workbenchWorkflow(gh, 'portal', {
    fileName: 'portal.yml',
    concurrency: { group: "portal-${{ github.event_name == 'pull_request' && github.ref || 'pages' }}", cancelInProgress: false },
  });
  workflow.on({ pullRequest: {}, push: { branches: ['main'] }, workflowDispatch: {} });
  workflow.addJobs({
    check: {
      name: 'Build the portal (not published)',
      if: "github.event_name == 'pull_request'",
      runsOn: RUNNER,
      timeoutMinutes: 15,
      permissions: { contents: READ },
      steps: [...setupSteps({ fetchDepth: 0 }), { name: 'Build the portal', run: `npx workbench portal build --out ${SITE}` }],
    },
    build: {
      name: 'Build the portal for GitHub Pages',
      if: ON_MAIN,
      runsOn: RUNNER,
      timeoutMinutes: 15,
      permissions: { contents: READ },
      steps: [
        // main's reviewed code; the token kept on disk may only read (it lists the lab branches).
        ...setupSteps({ fetchDepth: 0, persistCredentials: true }),
        uses('configurePages', 'Configure Pages', undefined, { id: 'pages' }),
        {
          name: 'Build the portal',
          run: `npx workbench portal build --out ${SITE} --base-path "$BASE_PATH"`,
          env: { BASE_PATH: '${{ steps.pages.outputs.base_path }}/' },
        },
        uses('uploadPagesArtifact', 'Upload the site', { path: SITE }),
      ],
    },
    deploy: {
      name: 'Publish to GitHub Pages',
      if: ON_MAIN,
      needs: ['build'],
      runsOn: RUNNER,
      timeoutMinutes: 10,
      permissions: { pages: WRITE, idToken: WRITE },
      environment: { name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' },
      steps: [uses('deployPages', 'Deploy', undefined, { id: 'deployment' })],
    },
  });
  return workflow;
}
