import type { GitHubClient } from '../adapters/github.js';

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

/**
 * One comment per pull request: created the first time, then edited in place, found again by
 * the hidden marker in its body. An identical body is left alone.
 */
export async function upsertComment(
  github: GitHubClient,
  target: { owner: string; repo: string; issueNumber: number },
  body: string,
  marker: string,
): Promise<UpsertResult> {
  if (!body.includes(marker)) throw new Error('the comment body must contain its marker, or it could never be found again to update');
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const existing = comments.find((comment) => comment.body?.includes(marker));
  if (existing?.body === body) return { action: 'unchanged', id: existing.id, url: existing.html_url };
  if (existing) {
    const { data } = await github.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await github.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body });
  return { action: 'created', id: data.id, url: data.html_url };
}
