import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../ci/git.js';
import { linkInstalledPackages } from './link-installed-packages.js';

/**
 * Runs `work` in a temporary git worktree on branch `branch` (created from `start`, or reset to
 * it), so a lab is written, rendered and committed without touching the trainer's checkout.
 * The worktree is removed whatever happens; the branch stays.
 */
export async function inLabWorktree<T>(repoRoot: string, branch: { name: string; start: string; reset: boolean }, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-lab-'));
  await rm(dir, { recursive: true });
  await git(repoRoot, ['worktree', 'add', '-q', branch.reset ? '-B' : '-b', branch.name, dir, branch.start]);
  try {
    await linkInstalledPackages(repoRoot, dir);
    return await work(dir);
  } finally {
    await git(repoRoot, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
