import type { GitHubClient } from '../adapters/github.js';
import { git, gitSucceeds } from '../adapters/git.js';

/** The commit range a CI run works on, and why that base was chosen. */
export interface ShaRange {
  base: string;
  head: string;
  /** The image tag for the head commit: `sha-` and its first 12 characters. */
  tag: string;
  reason: string;
}

export const imageTag = (sha: string) => `sha-${sha.slice(0, 12)}`;

async function refuseShallow(repoRoot: string): Promise<void> {
  if ((await git(repoRoot, ['rev-parse', '--is-shallow-repository'])) === 'true') {
    throw new Error('this is a shallow clone, so the merge base cannot be found: check out with full history (actions/checkout with fetch-depth: 0)');
  }
}

/**
 * A pull request: head is the checked-out commit, base is its merge base with the target branch
 * (as nrwl/nx-set-shas does), so the range holds exactly the pull request's own commits.
 */
export async function pullRequestShas(repoRoot: string, baseBranch: string): Promise<ShaRange> {
  await refuseShallow(repoRoot);
  const head = await git(repoRoot, ['rev-parse', 'HEAD']);
  const candidates = [`origin/${baseBranch}`, baseBranch];
  for (const ref of candidates) {
    if (!(await gitSucceeds(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))) continue;
    const base = await git(repoRoot, ['merge-base', ref, head]);
    return { base, head, tag: imageTag(head), reason: `merge base of ${ref} and HEAD` };
  }
  throw new Error(`neither origin/${baseBranch} nor ${baseBranch} exists: fetch the target branch (fetch-depth: 0 fetches all)`);
}

export interface PushShaOptions {
  repoRoot: string;
  github: GitHubClient;
  owner: string;
  repo: string;
  /** Workflow file whose successful runs mark released commits, e.g. `release.yml`. */
  workflow: string;
  branch: string;
}

/**
 * A push to main: base is the commit of the last successful run of the release workflow on the
 * branch whose commit still exists here and is an ancestor of HEAD (a force-push can orphan
 * one). Without one, the base falls back to HEAD~1, and the reason says so.
 */
export async function pushShas(options: PushShaOptions): Promise<ShaRange> {
  const { repoRoot } = options;
  await refuseShallow(repoRoot);
  const head = await git(repoRoot, ['rev-parse', 'HEAD']);
  const runs = options.github.paginate.iterator(options.github.rest.actions.listWorkflowRuns, {
    owner: options.owner,
    repo: options.repo,
    workflow_id: options.workflow,
    branch: options.branch,
    event: 'push',
    status: 'success',
    per_page: 100,
  });
  const skipped: string[] = [];
  for await (const page of runs) {
    for (const run of page.data) {
      const sha = run.head_sha;
      if (sha === head) continue; // a re-run of this very commit
      const exists = await gitSucceeds(repoRoot, ['cat-file', '-e', `${sha}^{commit}`]);
      if (exists && (await gitSucceeds(repoRoot, ['merge-base', '--is-ancestor', sha, head]))) {
        const note = skipped.length ? ` (skipped ${skipped.length} run(s) whose commit is gone: ${skipped.join(', ')})` : '';
        return { base: sha, head, tag: imageTag(head), reason: `last successful ${options.workflow} run #${run.run_number} on ${options.branch}${note}` };
      }
      skipped.push(`#${run.run_number} ${sha.slice(0, 12)}`);
    }
  }
  const parent = await gitSucceeds(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD~1']);
  const base = parent ? await git(repoRoot, ['rev-parse', 'HEAD~1']) : head;
  const why = skipped.length ? `no successful ${options.workflow} run whose commit still exists (skipped ${skipped.join(', ')})` : `no successful ${options.workflow} run on ${options.branch}`;
  return { base, head, tag: imageTag(head), reason: `${why}; falling back to ${parent ? 'HEAD~1, the previous commit' : 'HEAD, the first commit'}` };
}
