import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../adapters/git.js';
import { linkInstalledPackages } from './link-installed-packages.js';

/**
 * Runs `work` in a temporary git worktree of `commit` (detached) with the installed packages
 * linked in, so a revision is rendered, or a change committed, without touching the user's
 * checkout, index or working tree. The worktree is removed whatever happens.
 */
export async function inTemporaryWorktree<T>(repoRoot: string, commit: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-worktree-'));
  await rm(dir, { recursive: true });
  await git(repoRoot, ['worktree', 'add', '-q', '--detach', dir, commit]);
  try {
    await linkInstalledPackages(repoRoot, dir);
    return await work(dir);
  } finally {
    await git(repoRoot, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
