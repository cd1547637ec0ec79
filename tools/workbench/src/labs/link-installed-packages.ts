import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

/**
 * Shares installed packages with another checkout of the same repository (a worktree, a temp
 * copy): a symlink to the root node_modules and to any a project keeps in its own, so commands
 * run there without a second `npm install`.
 */
export async function linkInstalledPackages(sourceRoot: string, targetDir: string, files?: string[]): Promise<void> {
  const listed = files ?? String((await execa('git', ['ls-files', '-z'], { cwd: targetDir })).stdout).split('\0');
  for (const folder of ['.', ...listed.filter((f) => f.endsWith('/package.json')).map((f) => dirname(f))]) {
    const modules = join(sourceRoot, folder, 'node_modules');
    if (existsSync(modules) && existsSync(join(targetDir, folder))) await symlink(modules, join(targetDir, folder, 'node_modules'), 'dir').catch(() => undefined);
  }
}
