import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../adapters/git.js';
import { linkInstalledPackages } from './link-installed-packages.js';

/** What the worktree checks out: a commit, detached, or a branch created from (or reset to) a start. */
export type WorktreeCheckout = { detach: string } | { branch: string; start: string; reset: boolean };

/**
 * Runs `work` in a temporary git worktree with the installed packages linked in, so a revision
 * is rendered, or a branch written and committed, without touching the user's checkout, index
 * or working tree. The worktree is removed whatever happens; a branch it made stays.
 */
export async function inTemporaryWorktree<T>(repoRoot: string, checkout: WorktreeCheckout, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-worktree-'));
  await rm(dir, { recursive: true });
  const args = 'detach' in checkout ? ['--detach', dir, checkout.detach] : [checkout.reset ? '-B' : '-b', checkout.branch, dir, checkout.start];
  await git(repoRoot, ['worktree', 'add', '-q', ...args]);
  try {
    await linkInstalledPackages(repoRoot, dir);
    return await work(dir);
  } finally {
    await git(repoRoot, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
