import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitOnBranch } from '../src/workspace/commit-on-branch.js';

let scratch: string;
let repo: string;
let origin: string;
const git = async (cwd: string, ...args: string[]) => String((await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd })).stdout);

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'workbench-branch-change-'));
  origin = join(scratch, 'origin.git');
  repo = join(scratch, 'repo');
  await execa('git', ['init', '-q', '--bare', '-b', 'main', origin]);
  await execa('git', ['init', '-q', '-b', 'main', repo]);
  await writeFile(join(repo, 'pins.txt'), 'base\n');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '-m', 'base');
  await git(repo, 'remote', 'add', 'origin', origin);
  await git(repo, 'push', '-q', 'origin', 'main');
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

/** Someone else pushes to main, as a concurrent release would. */
async function pushFromElsewhere(line: string) {
  const other = join(scratch, `other-${Math.random().toString(16).slice(2)}`);
  await execa('git', ['clone', '-q', origin, other]);
  await writeFile(join(other, 'pins.txt'), `${await readFile(join(other, 'pins.txt'), 'utf8')}${line}\n`);
  await git(other, 'commit', '-q', '-am', line);
  await git(other, 'push', '-q', 'origin', 'main');
}

describe('commitOnBranch', () => {
  it('makes the change again on the new tip when the branch moved, and never touches the checkout', async () => {
    await writeFile(join(repo, 'pins.txt'), 'base\nlocal edit, not committed\n');
    const lines: string[] = [];
    let applied = 0;
    const result = await commitOnBranch({
      repoRoot: repo,
      branch: 'main',
      landing: { push: true, remote: 'origin' },
      bot: 'workbench-test',
      message: 'release: ours',
      out: (line) => lines.push(line),
      async apply(dir) {
        applied++;
        if (applied === 1) await pushFromElsewhere('theirs'); // main moves while we work
        await writeFile(join(dir, 'pins.txt'), `${await readFile(join(dir, 'pins.txt'), 'utf8')}ours\n`);
        return ['pins.txt'];
      },
    });
    expect(applied).toBe(2);
    expect(lines).toEqual(['origin/main moved; making the change again on its new tip (attempt 2 of 3)', 'Pushed main to origin.']);
    expect(result.files).toEqual(['pins.txt']);
    expect(await git(repo, '--git-dir', origin, 'show', 'main:pins.txt')).toBe('base\ntheirs\nours');
    expect(await git(repo, '--git-dir', origin, 'log', '-1', '--format=%an %s', 'main')).toMatch(/release: ours$/);
    expect(await readFile(join(repo, 'pins.txt'), 'utf8')).toBe('base\nlocal edit, not committed\n');
    expect(await git(repo, 'log', '--format=%s')).toBe('base');
    expect(await git(repo, 'worktree', 'list')).not.toContain('workbench-worktree-');
  });

  it('commits nothing when the change changes nothing, and refuses to move the branch checked out here', async () => {
    const same = await commitOnBranch({ repoRoot: repo, branch: 'main', landing: { push: true, remote: 'origin' }, bot: 'b', message: 'm', out: () => undefined, apply: async () => ['pins.txt'] });
    expect(same).toEqual({ files: [] });
    await expect(
      commitOnBranch({ repoRoot: repo, branch: 'main', landing: { push: false, localBranch: true }, bot: 'b', message: 'm', out: () => undefined, apply: async () => ['pins.txt'] }),
    ).rejects.toThrow('main is checked out here, and a commit on it would change your checkout');
  });

  it('keeps a local branch for a branch not checked out, and drops the commit in a dry run', async () => {
    const write = async (dir: string) => {
      await writeFile(join(dir, 'pins.txt'), 'changed\n');
      return ['pins.txt'];
    };
    const kept = await commitOnBranch({ repoRoot: repo, branch: 'release/x', landing: { push: false, localBranch: true }, bot: 'b', message: 'm', out: () => undefined, apply: write });
    expect(await git(repo, 'rev-parse', 'release/x')).toBe(kept.commit);
    const dropped = await commitOnBranch({ repoRoot: repo, branch: 'release/y', landing: { push: false, localBranch: false }, bot: 'b', message: 'm', out: () => undefined, apply: write });
    expect(dropped.files).toEqual(['pins.txt']);
    expect(await git(repo, 'branch', '--list', 'release/y')).toBe('');
  });
});
