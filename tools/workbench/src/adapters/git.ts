import { execa } from 'execa';

/** Runs git in the repository and returns trimmed stdout; throws with git's message on failure. */
export async function git(repoRoot: string, args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd: repoRoot, reject: false });
  if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed: ${String(result.stderr).trim()}`);
  return String(result.stdout).trim();
}

/**
 * The contents of git objects named any way `git rev-parse` takes (`<commit>:<path>`, a blob's
 * id), in order; undefined for a name that names nothing. One process however many objects: a
 * `git show` per object cost most of the CPU of commands reading many files or a long history.
 */
export async function gitObjects(repoRoot: string, names: string[]): Promise<(string | undefined)[]> {
  if (names.length === 0) return [];
  const badName = names.find((name) => /[\r\n]/.test(name));
  if (badName !== undefined) throw new Error(`git object name ${JSON.stringify(badName)} holds a line break, which git cat-file --batch cannot take`);
  const batch = await execa('git', ['cat-file', '--batch'], { cwd: repoRoot, input: names.map((name) => `${name}\n`).join(''), encoding: 'buffer', stripFinalNewline: false, reject: false });
  if (batch.exitCode !== 0) throw new Error(`git cat-file --batch failed: ${Buffer.from(batch.stderr as Uint8Array).toString('utf8').trim()}`);
  return parseCatFileBatch(Buffer.from(batch.stdout as Uint8Array));
}

/**
 * What `git cat-file --batch` printed, one entry per name it was given: "<object> <type> <size>\n
 * <content>\n" for an object, "<name> missing\n" (or "ambiguous") for a name that names none.
 */
export function parseCatFileBatch(output: Buffer): (string | undefined)[] {
  const contents: (string | undefined)[] = [];
  for (let at = 0; at < output.length; ) {
    const headerEnd = output.indexOf(0x0a, at);
    const header = output.toString('utf8', at, headerEnd < 0 ? output.length : headerEnd);
    if (headerEnd < 0) throw new Error(`git cat-file --batch printed "${header}" where an object's header belongs`);
    const words = header.split(' ');
    const status = words.at(-1);
    if (status === 'missing' || status === 'ambiguous') {
      contents.push(undefined);
      at = headerEnd + 1;
      continue;
    }
    const size = Number(words[2]);
    if (words.length !== 3 || !Number.isInteger(size)) throw new Error(`git cat-file --batch printed "${header}" where an object's header belongs`);
    contents.push(output.toString('utf8', headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return contents;
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
