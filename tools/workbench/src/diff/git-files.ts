import { execa } from 'execa';
import { gitObjects } from '../adapters/git.js';

/** Fails with a clear message unless `revision` names a commit. */
export async function verifyRevision(repoRoot: string, revision: string): Promise<void> {
  const verify = await execa('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: repoRoot, reject: false });
  if (verify.exitCode !== 0) throw new Error(`unknown git revision "${revision}": pass a branch, tag or commit that exists (git log shows them)`);
}

/**
 * The files under `environments/<env>/` at a git revision, path (relative to that folder) →
 * content. A revision without the folder gives an empty map: everything is then "added".
 * Two git processes whatever the number of files: `ls-tree` names the blobs, `gitObjects`
 * reads them all.
 */
export async function filesAtRevision(repoRoot: string, revision: string, env: string): Promise<Map<string, string>> {
  const prefix = `environments/${env}/`;
  const list = await execa('git', ['ls-tree', '-r', '-z', revision, '--', prefix], { cwd: repoRoot });
  // Each entry: "<mode> <type> <object>\t<path>".
  const blobs = String(list.stdout)
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const tab = entry.indexOf('\t');
      const [, type, object] = entry.slice(0, tab).split(' ');
      return { type, object: object!, path: entry.slice(tab + 1) };
    })
    .filter((entry) => entry.type === 'blob');
  const contents = await gitObjects(repoRoot, blobs.map((blob) => blob.object));
  return new Map(blobs.map((blob, i) => [blob.path.slice(prefix.length), contents[i] ?? '']));
}
