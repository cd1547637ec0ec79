import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../adapters/git.js';
import { nx, readProjectGraph } from '../adapters/nx.js';

export interface AffectedProject {
  project: string;
  type: string;
  /** Why Nx counts it affected: its own files, a dependency, a package, or a global input. */
  reason: string;
  /** An app with a workload.yaml and a Dockerfile: CI builds and releases an image for it. */
  deployable: boolean;
}

/** Files outside any project that Nx treats as inputs of every project. */
const GLOBAL_INPUTS = ['nx.json', 'tsconfig.base.json', 'package.json', 'package-lock.json', 'eslint.config.mjs'];

/** Every project in the workspace. */
export async function listProjects(repoRoot: string): Promise<string[]> {
  return JSON.parse(await nx(repoRoot, ['show', 'projects', '--json'])) as string[];
}

/** Packages whose locked version changed between two commits, from package-lock.json. */
async function changedPackages(repoRoot: string, base: string, head: string): Promise<Set<string>> {
  const read = async (rev: string) => {
    const text = await git(repoRoot, ['show', `${rev}:package-lock.json`]).catch(() => '{}');
    return (JSON.parse(text) as { packages?: Record<string, { version?: string; integrity?: string }> }).packages ?? {};
  };
  const [before, after] = await Promise.all([read(base), read(head)]);
  const changed = new Set<string>();
  for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[path];
    const b = after[path];
    if (!path.startsWith('node_modules/') || (a?.version === b?.version && a?.integrity === b?.integrity)) continue;
    changed.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  return changed;
}

function summarise(files: string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} (+${files.length - 3} more)`;
}

/**
 * The projects `nx affected` picks for a commit range, each with the reason: the files it owns
 * that changed, the changed project it depends on (the nearest one), the changed npm package
 * it uses, or a global input such as tsconfig.base.json.
 */
export async function affectedProjects(repoRoot: string, base: string, head: string): Promise<AffectedProject[]> {
  const names = JSON.parse(await nx(repoRoot, ['show', 'projects', '--affected', `--base=${base}`, `--head=${head}`, '--json'])) as string[];
  const graph = await readProjectGraph(repoRoot);
  const touched = (await git(repoRoot, ['diff', '--name-only', base, head])).split('\n').filter(Boolean);
  const packages = await changedPackages(repoRoot, base, head);
  const ownFiles = (name: string) => touched.filter((file) => file.startsWith(`${graph.nodes[name]!.data.root}/`));

  const reasonFor = (name: string): string => {
    const own = ownFiles(name);
    if (own.length) return `changed: ${summarise(own)}`;
    // Breadth-first through dependencies: the nearest changed project or package explains it.
    const seen = new Set([name]);
    let frontier = [name];
    while (frontier.length) {
      const next: string[] = [];
      for (const current of frontier) {
        for (const { target } of graph.dependencies[current] ?? []) {
          if (seen.has(target)) continue;
          seen.add(target);
          if (target.startsWith('npm:') && packages.has(target.slice(4))) return `uses ${target.slice(4)}, changed in package-lock.json`;
          if (graph.nodes[target] && ownFiles(target).length) return `depends on ${target} (changed)`;
          next.push(target);
        }
      }
      frontier = next;
    }
    // Root files every project depends on; name those first, then any other root file.
    const known = touched.filter((file) => GLOBAL_INPUTS.includes(file));
    const globals = known.length ? known : touched.filter((file) => !file.includes('/'));
    return globals.length ? `global input changed: ${summarise(globals)}` : 'marked affected by Nx (implicit dependency)';
  };

  return names.sort().map((name) => {
    const node = graph.nodes[name]!;
    const tags = node.data.tags ?? [];
    const root = join(repoRoot, node.data.root);
    return {
      project: name,
      type: tags.find((t) => t.startsWith('type:'))?.slice(5) ?? node.type,
      reason: reasonFor(name),
      deployable: tags.includes('type:app') && existsSync(join(root, 'workload.yaml')) && existsSync(join(root, 'Dockerfile')),
    };
  });
}
