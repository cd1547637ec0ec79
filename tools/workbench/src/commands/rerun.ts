import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setRerun } from '@workbench/stack-config';
import { parseWorkload } from '@workbench/workload-spec';
import { describeGitHubError, type GitHubClient } from '../adapters/github.js';
import { git } from '../adapters/git.js';
import type { Environment } from '../environments.js';
import { filesAtRevision } from '../diff/git-files.js';
import { readStackState, stackStateOf } from '../promote/stack-state.js';
import { renderedFolders, renderToDisk } from '../render/render-to-disk.js';
import { commitOnBranch } from '../workspace/commit-on-branch.js';
import { upsertPullRequest } from '../workspace/pull-request.js';

/** Environments whose changes are reviewed: a re-run there is a pull request, as a promotion is. */
export const REVIEWED_ENVIRONMENTS: readonly string[] = ['production'];

export class RerunRefused extends Error {}

export interface RerunOptions {
  repoRoot: string;
  env: Environment;
  app: string;
  reason: string;
  github?: GitHubClient;
  owner?: string;
  repo?: string;
  baseBranch?: string;
  /** Make the commit in a throwaway worktree and print it; push nothing, call no API. */
  dryRun?: boolean;
  now?: Date;
  out?: (line: string) => void;
}

export interface RerunResult {
  run: number;
  /** Rendered files the re-run adds (its new run object). */
  added: string[];
  commit?: string;
  pullRequest?: { url: string; action: 'created' | 'updated' };
}

/**
 * `workbench rerun <app> --env <env> --reason "…"`: counts the app's re-run up in the
 * environment's stack config (`workloads:reruns`) and re-renders, which gives the run a new
 * object Flux applies — a Job, a one-off Job from a cron's template, or a SparkApplication.
 * Committed to the base branch directly, or proposed as a pull request where changes are reviewed.
 * Everything is checked before anything is written.
 */
export async function rerunCommand(options: RerunOptions): Promise<RerunResult> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const { repoRoot, env, app } = options;
  const reason = options.reason.trim();
  if (!reason) throw new RerunRefused('--reason is empty: say why the run is repeated; it is recorded in the stack config and the history');
  const workloadFile = join(repoRoot, 'apps', app, 'workload.yaml');
  if (!existsSync(workloadFile)) throw new RerunRefused(`no app "${app}" in apps/ (no apps/${app}/workload.yaml)`);
  const workload = parseWorkload(await readFile(workloadFile, 'utf8'), `apps/${app}/workload.yaml`, app);
  if (workload.kind === 'service') {
    throw new RerunRefused(`${app} is a service: it runs continuously, there is no run to repeat. To restart it, release or roll back; re-runs are for job, cron and spark-job apps`);
  }
  const state = await readStackState(repoRoot, env, 'HEAD');
  if (!state.releases[app]) {
    throw new RerunRefused(`${app} does not run in ${env} (no release pinned in ${state.path}); it runs where workbench release or promote has pinned it`);
  }
  // Counted again on the commit it lands on (the branch may have moved past this checkout).
  let run = (state.reruns[app]?.run ?? 0) + 1;
  const reviewed = REVIEWED_ENVIRONMENTS.includes(env);
  const baseBranch = options.baseBranch ?? 'main';
  const branch = reviewed ? `rerun/${env}/${app}-${run}` : baseBranch;
  const title = () => `Re-run ${app} in ${env} (run ${run})`;
  const base = await git(repoRoot, ['rev-parse', 'HEAD']);
  let added: string[] = [];
  const result = await commitOnBranch({
    repoRoot,
    branch,
    start: base,
    landing: options.dryRun ? { push: false, localBranch: false } : { push: true, remote: 'origin' },
    bot: 'workbench-rerun',
    message: `rerun(${env}): ${app}\n\nReason: ${reason}\n`,
    out,
    async apply(dir) {
      const stackFile = join(dir, state.path);
      const text = await readFile(stackFile, 'utf8');
      run = (stackStateOf(env, text).reruns[app]?.run ?? 0) + 1;
      const requestedAt = (options.now ?? new Date()).toISOString();
      await writeFile(stackFile, setRerun(text, app, { run, reason, requestedAt }));
      const rendered = await renderToDisk(dir, [env], out);
      if (!rendered.ok) throw new RerunRefused(`rendering ${env} with the re-run failed; nothing was committed:\n${rendered.problems.map((line) => `  ${line}`).join('\n')}`);
      const before = await filesAtRevision(repoRoot, base, env);
      added = [...rendered.rendered[0]!.files.keys()].filter((path) => !before.has(path)).map((path) => `environments/${env}/${path}`);
      return [state.path, ...renderedFolders(env)];
    },
  });
  const what = added.length ? added.join(', ') : 'a new run object';
  if (options.dryRun) {
    out(`Dry run: nothing was pushed. A real run would ${reviewed ? `push ${branch} and open "${title()}" into ${baseBranch}` : `push run ${run} of ${app} to ${baseBranch}`}, adding ${what}.`);
    return { run, added };
  }
  if (!reviewed) {
    out(`Committed run ${run} of ${app} in ${env} (${result.commit?.slice(0, 12)}) on ${baseBranch}; Flux applies ${what}.`);
    return { run, added, ...(result.commit ? { commit: result.commit } : {}) };
  }
  const body = [
    `## ${title()}`,
    '',
    `**Reason:** ${reason}`,
    '',
    `Merging records run ${run} in \`${state.path}\` (\`workloads:reruns.${app}\`) and adds ${added.map((f) => `\`${f}\``).join(', ') || 'a new run object'}, which Flux applies once.`,
  ].join('\n');
  try {
    const pullRequest = await upsertPullRequest({ github: options.github!, owner: options.owner!, repo: options.repo!, branch, baseBranch, title: title(), body });
    out(`Pull request ${pullRequest.action}: ${pullRequest.url}`);
    return { run, added, ...(result.commit ? { commit: result.commit } : {}), pullRequest };
  } catch (error) {
    throw new RerunRefused(`${branch} is pushed, but the pull request could not be opened: ${describeGitHubError(error)}. Open it from ${branch}, or delete that branch and re-run.`);
  }
}
