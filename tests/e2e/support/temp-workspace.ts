import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';
import { linkInstalledPackages as linkPackages } from '../../../tools/workbench/src/workspace/link-installed-packages.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Environment for every command: Nx offline, no daemon, no colours to parse around, and GitHub
 * retries that wait milliseconds instead of seconds (the stand-in server fails on purpose).
 */
export const COMMAND_ENV = { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NO_COLOR: '1', WORKBENCH_GITHUB_RETRY_MS: '10' };

export interface TempWorkspace {
  dir: string;
  /** Runs a command in the workspace and returns its stdout; throws with stderr when it fails. */
  run(file: string, args: string[], options?: Options): Promise<string>;
  /** Runs a command and returns its exit code and output, without throwing. */
  attempt(file: string, args: string[]): Promise<{ exitCode: number; output: string }>;
  nx(args: string[]): Promise<string>;
  write(path: string, content: string): Promise<void>;
  read(path: string): Promise<string>;
  commit(message: string): Promise<string>;
  dispose(): Promise<void>;
}

/** Shares the real installed packages with a copy of the repository (see the CLI's helper). */
export function linkInstalledPackages(dir: string, files?: string[]): Promise<void> {
  return linkPackages(REPO_ROOT, dir, files);
}

/**
 * A throwaway copy of the working tree (tracked and untracked, minus ignored files) as a fresh
 * git repository with one commit, sharing the real node_modules through a symlink.
 */
export async function createTempWorkspace(): Promise<TempWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
  const { stdout } = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT });
  const files = [...new Set(stdout.split('\0').filter(Boolean))];
  for (const file of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await cp(join(REPO_ROOT, file), join(dir, file)).catch((error: NodeJS.ErrnoException) => {
      // A file deleted in the working tree but still in the index is simply absent.
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await linkInstalledPackages(dir, files);

  const run = async (file: string, args: string[], options: Options = {}) => {
    const result = await execa(file, args, { cwd: dir, env: COMMAND_ENV, ...options });
    return String(result.stdout);
  };
  const workspace: TempWorkspace = {
    dir,
    run,
    async attempt(file, args) {
      const result = await execa(file, args, { cwd: dir, env: COMMAND_ENV, reject: false, all: true });
      return { exitCode: result.exitCode ?? 1, output: String(result.all) };
    },
    nx: (args) => run(join(dir, 'node_modules/.bin/nx'), args),
    write: async (path, content) => {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    },
    read: (path) => readFile(join(dir, path), 'utf8'),
    async commit(message) {
      await run('git', ['add', '-A']);
      await run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-q', '--no-verify', '-m', message]);
      return run('git', ['rev-parse', 'HEAD']);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  await run('git', ['init', '-q', '-b', 'main']);
  await workspace.commit('base');
  return workspace;
}

/**
 * A bare repository as the workspace's `origin`, in a scratch folder for the test's other files;
 * the caller pushes what it needs and removes the folder.
 */
export async function addBareOrigin(ws: TempWorkspace, prefix: string): Promise<{ scratch: string; origin: string }> {
  const scratch = await mkdtemp(join(tmpdir(), prefix));
  const origin = join(scratch, 'origin.git');
  await execa('git', ['init', '-q', '--bare', '-b', 'main', origin]);
  await ws.run('git', ['remote', 'add', 'origin', origin]);
  return { scratch, origin };
}

/**
 * Everything a user's checkout is: the branch and commit checked out, the index, the working
 * tree's changes and its untracked files with their content. Equal before and after a command
 * means the command left the checkout byte-identical.
 */
export async function checkoutFingerprint(ws: TempWorkspace): Promise<string> {
  const git = (...args: string[]) => ws.run('git', args);
  const untracked = (await git('ls-files', '-z', '--others', '--exclude-standard')).split('\0').filter(Boolean);
  const contents = await Promise.all(untracked.map(async (file) => `${file}\n${await ws.read(file)}`));
  return [
    await git('symbolic-ref', '-q', 'HEAD').catch(() => 'detached'),
    await git('rev-parse', 'HEAD'),
    await git('diff', '--cached', '--binary'),
    await git('diff', '--binary'),
    await git('status', '--porcelain', '--untracked-files=all'),
    ...contents,
  ].join('\n--\n');
}

/** Leaves the checkout dirty in every way a user's can be: a staged, an unstaged and an untracked change. */
export async function dirtyTheCheckout(ws: TempWorkspace): Promise<() => Promise<void>> {
  await ws.write('README.md', `${await ws.read('README.md')}\nstaged note\n`);
  await ws.run('git', ['add', 'README.md']);
  await ws.write('README.md', `${await ws.read('README.md')}unstaged note\n`);
  await ws.write('scratch-notes.txt', 'untracked\n');
  return async () => {
    await ws.run('git', ['checkout', '-q', 'HEAD', '--', 'README.md']);
    await ws.run('rm', ['-f', 'scratch-notes.txt']);
  };
}
