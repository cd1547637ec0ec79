import { botIdentity, git, gitSucceeds } from '../adapters/git.js';
import { inTemporaryWorktree } from './temporary-worktree.js';

/** Where the commit goes once it is made. */
export type Landing =
  /**
   * Pushed to the remote branch; when the branch moved meanwhile, the change is made again on its
   * new tip. With `localBranch`, the local branch then points at the pushed commit too.
   */
  | { push: true; remote: string; localBranch?: boolean }
  /** The local branch ref moves to the commit (refused when that branch is checked out here). */
  | { push: false; localBranch: true }
  /** Nowhere: the commit is made, listed and dropped (dry runs). */
  | { push: false; localBranch: false };

export interface BranchChange {
  repoRoot: string;
  branch: string;
  /** Where the change starts when the branch is not on the remote (or not pushed): default HEAD. */
  start?: string;
  landing: Landing;
  /**
   * Makes the change in a checkout of the start (inputs, then the render) and returns the paths
   * to commit. Called again on the new tip when a push finds the branch moved.
   */
  apply: (dir: string) => Promise<string[]>;
  message: string;
  /** The name of the automation committing when git has no identity (CI). */
  bot: string;
  attempts?: number;
  out: (line: string) => void;
}

export interface BranchChangeResult {
  /** Absent when the change turned out to change nothing. */
  commit?: string;
  /** Files the commit changes, relative to the repository. */
  files: string[];
}

export class BranchChangeError extends Error {}

/**
 * The one way Workbench changes inputs on a branch: in a temporary worktree, so the user's
 * checkout, index and working tree are never touched; one commit by a bot identity when git has
 * none; then pushed (re-made on the new tip when the branch moved, a few times) or kept as a
 * local branch.
 */
export async function commitOnBranch(change: BranchChange): Promise<BranchChangeResult> {
  const { repoRoot, branch, landing } = change;
  if (landing.localBranch && (await git(repoRoot, ['symbolic-ref', '-q', 'HEAD']).catch(() => '')) === `refs/heads/${branch}`) {
    throw new BranchChangeError(`${branch} is checked out here, and a commit on it would change your checkout; push it instead, or name another branch`);
  }
  const attempts = landing.push ? (change.attempts ?? 3) : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const start = landing.push && (await fetchRemoteBranch(repoRoot, landing.remote, branch)) ? `refs/remotes/${landing.remote}/${branch}` : (change.start ?? 'HEAD');
    const startCommit = await git(repoRoot, ['rev-parse', `${start}^{commit}`]);
    const made = await inTemporaryWorktree(repoRoot, startCommit, async (dir) => {
      const paths = await change.apply(dir);
      await git(dir, ['add', '--', ...paths]);
      if (await gitSucceeds(dir, ['diff', '--cached', '--quiet'])) return undefined;
      await git(dir, [...(await botIdentity(dir, change.bot)), 'commit', '-q', '-m', change.message]);
      const commit = await git(dir, ['rev-parse', 'HEAD']);
      const files = (await git(dir, ['diff', '--name-only', startCommit, commit])).split('\n').filter(Boolean);
      const pushed = landing.push ? await gitSucceeds(dir, ['push', '-q', landing.remote, `${commit}:refs/heads/${branch}`]) : false;
      return { commit, files, pushed };
    });
    if (!made) return { files: [] };
    if (!landing.push) {
      if (landing.localBranch) await git(repoRoot, ['branch', '-f', branch, made.commit]);
      return { commit: made.commit, files: made.files };
    }
    if (made.pushed) {
      if (landing.localBranch) await git(repoRoot, ['branch', '-f', branch, made.commit]);
      change.out(`Pushed ${branch} to ${landing.remote}.`);
      return { commit: made.commit, files: made.files };
    }
    if (attempt < attempts) change.out(`${landing.remote}/${branch} moved; making the change again on its new tip (attempt ${attempt + 1} of ${attempts})`);
  }
  const remote = landing.push ? landing.remote : 'the remote';
  throw new BranchChangeError(`could not push ${branch} to ${remote} after ${attempts} attempts: it keeps moving, or the push is refused. Run the command again`);
}

/** Fetches the remote branch into its remote-tracking ref; false when the remote has no such branch. */
async function fetchRemoteBranch(repoRoot: string, remote: string, branch: string): Promise<boolean> {
  return gitSucceeds(repoRoot, ['fetch', '-q', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
}
