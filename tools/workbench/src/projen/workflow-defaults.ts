import type { github } from 'projen';

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
