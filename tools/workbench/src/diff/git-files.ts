import { execa } from 'execa';

/** Fails with a clear message unless `revision` names a commit. */
export async function verifyRevision(repoRoot: string, revision: string): Promise<void> {
  const verify = await execa('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: repoRoot, reject: false });
  if (verify.exitCode !== 0) throw new Error(`unknown git revision "${revision}": pass a branch, tag or commit that exists (git log shows them)`);
}

/**
 * The files under `environments/<env>/` at a git revision, path (relative to that folder) →
 * content. A revision without the folder gives an empty map: everything is then "added".
 */
export async function filesAtRevision(repoRoot: string, revision: string, env: string): Promise<Map<string, string>> {
  const prefix = `environments/${env}/`;
  const list = await execa('git', ['ls-tree', '-r', '-z', '--name-only', revision, '--', prefix], { cwd: repoRoot });
  const files = new Map<string, string>();
  for (const path of String(list.stdout).split('\0').filter(Boolean)) {
    const show = await execa('git', ['show', `${revision}:${path}`], { cwd: repoRoot, stripFinalNewline: false });
    files.set(path.slice(prefix.length), String(show.stdout));
  }
  return files;
}
