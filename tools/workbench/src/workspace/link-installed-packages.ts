import { existsSync } from 'node:fs';
import { mkdir, readdir, readlink, realpath, symlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { execa } from 'execa';

/**
 * Shares installed packages with another checkout of the same repository (a worktree, a temp
 * copy), so commands run there without a second `npm install`. The root node_modules becomes a
 * folder of links: registry packages link to the installed ones, while the workspace's own
 * packages (`@workbench/*`, which npm links to their folders) link to the folders of the other
 * checkout — so code there imports its own libs, not this checkout's.
 */
export async function linkInstalledPackages(sourceRoot: string, targetDir: string, files?: string[]): Promise<void> {
  const listed = files ?? String((await execa('git', ['ls-files', '-z'], { cwd: targetDir })).stdout).split('\0');
  const rootModules = join(sourceRoot, 'node_modules');
  if (existsSync(rootModules) && !existsSync(join(targetDir, 'node_modules'))) {
    await linkEntries(rootModules, join(targetDir, 'node_modules'), { sourceRoot: await realpath(sourceRoot), targetDir });
  }
  for (const folder of listed.filter((f) => f.endsWith('/package.json')).map((f) => dirname(f))) {
    const modules = join(sourceRoot, folder, 'node_modules');
    if (existsSync(modules) && existsSync(join(targetDir, folder))) await symlink(modules, join(targetDir, folder, 'node_modules'), 'dir').catch(() => undefined);
  }
}

async function linkEntries(from: string, to: string, roots: { sourceRoot: string; targetDir: string }): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory() && (entry.name.startsWith('@') || entry.name === '.bin')) {
      await linkEntries(source, target, roots);
    } else if (entry.isSymbolicLink() && from.endsWith(`${sep}.bin`)) {
      // Relative links such as ../nx/bin/nx.js, so each command runs the package this folder links.
      await symlink(await readlink(source), target);
    } else if (entry.isSymbolicLink()) {
      const inRepository = relative(roots.sourceRoot, await realpath(source).catch(() => source));
      const workspacePackage = !inRepository.startsWith('..') && !inRepository.split(sep).includes('node_modules');
      await symlink(workspacePackage ? join(roots.targetDir, inRepository) : source, target, 'dir');
    } else {
      await symlink(source, target, entry.isDirectory() ? 'dir' : 'file');
    }
  }
}
