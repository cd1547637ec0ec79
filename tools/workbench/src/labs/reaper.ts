import { parseLabSpec, labSpecPath } from '@workbench/lab-spec';
import type { GitHubClient } from '../adapters/github.js';
import { LAB_BRANCH_PREFIX } from './lab-branches.js';

export interface ReapOptions {
  github: GitHubClient;
  owner: string;
  repo: string;
  now: Date;
  /** Report what would be deleted, delete nothing. */
  dryRun: boolean;
}

export interface ReapedLab {
  lab: string;
  branch: string;
  expires?: string;
  action: 'deleted' | 'would delete' | 'kept' | 'skipped';
  reason: string;
}

/**
 * Deletes every lab branch whose spec has expired, through the GitHub API; the lab cluster then
 * prunes the lab. A branch whose spec cannot be read is kept and reported: the reaper never
 * deletes what it does not understand.
 */
export async function reapExpiredLabs(options: ReapOptions): Promise<ReapedLab[]> {
  const { github, owner, repo } = options;
  // matching-refs answers with every match at once (the endpoint takes no paging parameters).
  const { data: refs } = await github.rest.git.listMatchingRefs({ owner, repo, ref: `heads/${LAB_BRANCH_PREFIX}` });
  const results: ReapedLab[] = [];
  for (const { ref } of refs) {
    const branch = ref.slice('refs/heads/'.length);
    const lab = branch.slice(LAB_BRANCH_PREFIX.length);
    let expires: string;
    try {
      const { data } = await github.rest.repos.getContent({ owner, repo, path: labSpecPath(lab), ref: branch });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new Error(`${labSpecPath(lab)} is not a file`);
      expires = parseLabSpec(Buffer.from(data.content, 'base64').toString('utf8'), lab).spec.expires;
    } catch (error) {
      const status = (error as { status?: number }).status;
      const reason = status === 404 ? `no ${labSpecPath(lab)} on the branch` : (error as Error).message.split('\n')[0]!;
      results.push({ lab, branch, action: 'skipped', reason: `${reason}; fix or delete the branch by hand` });
      continue;
    }
    if (Date.parse(expires) > options.now.getTime()) {
      results.push({ lab, branch, expires, action: 'kept', reason: 'not expired' });
      continue;
    }
    if (!options.dryRun) await github.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
    results.push({ lab, branch, expires, action: options.dryRun ? 'would delete' : 'deleted', reason: `expired at ${expires}` });
  }
  return results;
}

export function formatReapReport(results: ReapedLab[], dryRun: boolean, now: Date): string {
  const lines = [
    `## Lab reaper${dryRun ? ' (dry run: nothing deleted)' : ''}`,
    '',
    `${results.length} lab branch(es) at ${now.toISOString()}.`,
    '',
  ];
  if (results.length) {
    lines.push('| lab | expires | action | why |', '|---|---|---|---|');
    for (const r of results) lines.push(`| \`${r.lab}\` | ${r.expires ?? '—'} | ${r.action} | ${r.reason} |`);
    lines.push('');
  }
  return lines.join('\n');
}
