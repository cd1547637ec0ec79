import type { GitHubClient } from '../adapters/github.js';

export interface PullRequestTarget {
  github: GitHubClient;
  owner: string;
  repo: string;
  /** The pushed branch the pull request proposes. */
  branch: string;
  baseBranch: string;
  title: string;
  body: string;
}

/** Opens the pull request of a pushed branch, or updates the one already open for it. */
export async function upsertPullRequest(target: PullRequestTarget): Promise<{ url: string; action: 'created' | 'updated' }> {
  const { github, owner, repo, branch, title, body } = target;
  const open = await github.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: 'open', per_page: 10 });
  if (open.data[0]) {
    const { data } = await github.rest.pulls.update({ owner, repo, pull_number: open.data[0].number, title, body });
    return { url: data.html_url, action: 'updated' };
  }
  const { data } = await github.rest.pulls.create({ owner, repo, head: branch, base: target.baseBranch, title, body });
  return { url: data.html_url, action: 'created' };
}
