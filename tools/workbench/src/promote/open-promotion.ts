import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Hold, modelHoldKey, setHolds, setModelPins, setReleasePins } from '@workbench/stack-config';
import { git, gitSucceeds } from '../adapters/git.js';
import { describeGitHubError, type GitHubClient } from '../adapters/github.js';
import { readProjectGraph } from '../adapters/nx.js';
import { appCommitsBetween, configCommitsSince } from './app-commits.js';
import { renderedFolders, renderToDisk } from '../render/render-to-disk.js';
import { commitOnBranch } from '../workspace/commit-on-branch.js';
import { upsertPullRequest } from '../workspace/pull-request.js';
import { countChanges } from '../diff/format-diff.js';
import { filesAtRevision } from '../diff/git-files.js';
import { diffObjects } from '../diff/object-diff.js';
import { promotionBody } from './pr-body.js';
import type { PromotionPlan } from './plan-promotion.js';
import type { StackState } from './stack-state.js';

export interface OpenPromotionOptions {
  repoRoot: string;
  target: StackState;
  plan: PromotionPlan;
  title: string;
  /** Holds to set (rollback) in addition to the ones the plan clears. */
  newHolds?: Record<string, Hold>;
  reason?: { kind: 'Hotfix' | 'Rollback'; text: string };
  /** `promote` or `rollback`: the first part of the branch name. */
  branchPrefix: 'promote' | 'rollback';
  /** Print the branch, the changed files and the pull request body; push nothing, call no API. */
  dryRun?: boolean;
  github: GitHubClient;
  owner: string;
  repo: string;
  baseBranch: string;
  out: (line: string) => void;
}

export class PromotionError extends Error {}

/**
 * Turns a plan into a pull request: the target's stack config and rendered environment change
 * on a branch named after the change itself (`promote/<env>/<hash>`), made from HEAD in a
 * temporary worktree (the user's checkout is never touched, dirty or not) and pushed; then the
 * pull request is opened, or updated when one is already open for that branch. Re-running the
 * same promotion finds the pushed branch and only (re)opens or updates the pull request.
 */
export async function openPromotion(options: OpenPromotionOptions): Promise<{ branch: string; url: string; action: 'created' | 'updated' | 'dry-run' }> {
  const { repoRoot, target, plan, out } = options;
  const pins = Object.fromEntries(plan.changes.map((c) => [c.app, c.to]));
  const modelPins = Object.fromEntries(plan.modelChanges.map((c) => [c.model, c.to]));
  const holds: Record<string, Hold | null> = Object.fromEntries([
    ...plan.changes.filter((c) => c.clearsHold).map((c) => [c.app, null]),
    ...plan.modelChanges.filter((c) => c.clearsHold).map((c) => [modelHoldKey(c.model), null]),
  ]);
  Object.assign(holds, options.newHolds ?? {});
  // The branch names the change: the versions and which holds are set or released. Not when or
  // why: the same rollback asked for twice is one branch and one pull request.
  const holdVersions = Object.fromEntries(Object.entries(holds).map(([app, hold]) => [app, hold?.version ?? null]));
  const modelVersions = Object.fromEntries(Object.entries(modelPins).map(([model, pin]) => [model, pin.sha256]));
  const change = JSON.stringify({ env: target.env, pins, ...(plan.modelChanges.length ? { models: modelVersions } : {}), holds: holdVersions });
  const branch = `${options.branchPrefix}/${target.env}/${createHash('sha256').update(change).digest('hex').slice(0, 10)}`;

  const base = await git(repoRoot, ['rev-parse', 'HEAD']);
  const alreadyPushed = await gitSucceeds(repoRoot, ['fetch', '-q', 'origin', `refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  let manifestSummary = 'unchanged';
  const graph = await readProjectGraph(repoRoot);
  const changes = [];
  for (const c of plan.changes) {
    const commits = c.from ? ((await appCommitsBetween(repoRoot, graph, c.app, c.from.commit, c.to.commit)) ?? []).slice(0, 20) : [];
    // Promotions move images only: the configuration rendered with the image is main's, so say
    // when the app's workload.yaml changed after the commit the moved image was built from.
    const configCommits = (await configCommitsSince(repoRoot, c.app, c.to.commit, base)).slice(0, 20);
    if (configCommits.length) {
      out(`${c.app}: its configuration (apps/${c.app}/workload.yaml) changed in ${configCommits.length} commit(s) after ${c.to.tag} was built; ${target.env} gets that image with the configuration on ${options.baseBranch}, because promotion moves images only:`);
      for (const line of configCommits) out(`  ${line.slice(0, 12)} ${line.slice(41)}`);
    }
    changes.push({ ...c, commits, configCommits });
  }

  let changedFiles: string[] = [];
  if (alreadyPushed) {
    out(`${branch} is already pushed (an earlier run of this promotion); ${options.dryRun ? 'would update' : 'updating'} its pull request only.`);
    const files = await filesAtRevision(repoRoot, `origin/${branch}`, target.env);
    manifestSummary = countChanges(diffObjects(await filesAtRevision(repoRoot, base, target.env), files));
    changedFiles = (await git(repoRoot, ['diff', '--name-only', base, `origin/${branch}`])).split('\n').filter(Boolean);
  } else {
    const result = await commitOnBranch({
      repoRoot,
      branch,
      start: base,
      landing: options.dryRun ? { push: false, localBranch: false } : { push: true, remote: 'origin' },
      bot: 'workbench-promote',
      message: `${options.title}\n\n${[
        ...plan.changes.map((c) => `${c.app}: ${c.from?.tag ?? '(none)'} -> ${c.to.tag}`),
        ...plan.modelChanges.map((c) => `model ${c.model}: ${c.from?.version ?? '(none)'} -> ${c.to.version}`),
      ].join('\n')}\n`,
      out,
      async apply(dir) {
        await writeFile(join(dir, target.path), setHolds(setModelPins(setReleasePins(target.text, pins), modelPins), holds));
        const rendered = await renderToDisk(dir, [target.env], out);
        if (!rendered.ok) throw new PromotionError(`rendering ${target.env} with the promoted versions failed; nothing was pushed:\n${rendered.problems.map((line) => `  ${line}`).join('\n')}`);
        manifestSummary = countChanges(diffObjects(await filesAtRevision(repoRoot, base, target.env), rendered.rendered[0]!.files));
        return [target.path, ...renderedFolders(target.env)];
      },
    });
    changedFiles = result.files;
  }

  const body = promotionBody({ title: options.title, target: target.env, changes, modelChanges: plan.modelChanges, skipped: plan.skipped, ...(options.reason ? { reason: options.reason } : {}), manifestSummary });
  if (options.dryRun) {
    out(`Dry run: nothing was pushed and no pull request was opened. A real run would push ${branch} and open "${options.title}" into ${options.baseBranch}.`);
    out(`Changed files (${changedFiles.length}):`);
    for (const file of changedFiles) out(`  ${file}`);
    out(`Pull request body:\n\n${body}`);
    return { branch, url: '', action: 'dry-run' };
  }
  try {
    const { github, owner, repo, baseBranch, title } = options;
    return { branch, ...(await upsertPullRequest({ github, owner, repo, branch, baseBranch, title, body })) };
  } catch (error) {
    throw new PromotionError(
      `${branch} is pushed, but the pull request could not be opened: ${describeGitHubError(error)}. Re-run the same command to resume; it finds the pushed branch and opens or updates the pull request.`,
    );
  }
}
