import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { generateFiles, getProjects, logger, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { checkName, NameError } from '../../names.ts';
import type { LibrarySchema } from './schema.ts';

/**
 * `nx g @workbench/nx-plugin:library <name>`: a shared SDK in libs/<name>, tagged type:lib and
 * scope:shared, importable as @workbench/<name> (path in tsconfig.base.json), with a test.
 */
export default async function libraryGenerator(tree: Tree, options: LibrarySchema): Promise<GeneratorCallback> {
  const name = checkName('library name', options.name, 50);
  if (tree.exists(`libs/${name}`) || tree.exists(`apps/${name}`) || getProjects(tree).has(name)) {
    throw new NameError(`"${name}" already exists as an app, lib or Nx project; choose another name`);
  }
  const description = (options.description ?? '').trim().replace(/\.$/, '');
  if (!description) throw new NameError('description is required: one line saying what the library is for');
  generateFiles(tree, join(import.meta.dirname, 'files'), `libs/${name}`, { name, description: description.replaceAll('"', "'") });
  updateJson(tree, 'tsconfig.base.json', (json: { compilerOptions: { paths?: Record<string, string[]> } }) => {
    const paths = { ...json.compilerOptions.paths, [`@workbench/${name}`]: [`libs/${name}/src/index.ts`] };
    json.compilerOptions.paths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
    return json;
  });
  return () => {
    if (options.skipInstall) return;
    logger.info('> npm install --no-audit --no-fund');
    execSync('npm install --no-audit --no-fund', { cwd: tree.root, stdio: 'inherit' });
  };
}
