import { execa } from 'execa';

/** Runs git in the repository and returns trimmed stdout; throws with git's message on failure. */
export async function git(repoRoot: string, args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd: repoRoot, reject: false });
  if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed: ${String(result.stderr).trim()}`);
  return String(result.stdout).trim();
}

/** Whether a command succeeds (exists, is ancestor, …) without throwing. */
export async function gitSucceeds(repoRoot: string, args: string[]): Promise<boolean> {
  return (await execa('git', args, { cwd: repoRoot, reject: false })).exitCode === 0;
}

/**
 * `-c user.name/-c user.email` for a commit made by automation when git has no identity
 * configured (as on an Actions runner); nothing when the user has one.
 */
export async function botIdentity(repoRoot: string, name: string): Promise<string[]> {
  return (await gitSucceeds(repoRoot, ['config', 'user.email'])) ? [] : ['-c', `user.name=${name}`, '-c', 'user.email=41898282+github-actions[bot]@users.noreply.github.com'];
}
