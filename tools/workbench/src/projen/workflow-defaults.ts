import { github } from 'projen';

/** Every job runs on a pinned runner image, with Nx offline and without its daemon. */
export const RUNNER = ['ubuntu-24.04'];

export const WORKFLOW_ENV = {
  CI: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};

export type Job = github.workflows.Job;
export const READ = 'read' as github.workflows.JobPermission;
export const WRITE = 'write' as github.workflows.JobPermission;

/**
 * A Workbench workflow: the shared env, one concurrency group, and read-only permissions at the
 * top (each job states exactly what more it needs).
 */
export function workbenchWorkflow(
  gh: github.GitHub,
  name: string,
  options: { fileName: string; concurrency: { group: string; cancelInProgress: boolean } },
): github.GithubWorkflow {
  const workflow = new github.GithubWorkflow(gh, name, {
    fileName: options.fileName,
    env: WORKFLOW_ENV,
    limitConcurrency: true,
    concurrencyOptions: options.concurrency,
  });
  workflow.file?.addOverride('permissions', { contents: 'read' });
  return workflow;
}
