import { git, gitSucceeds } from '../adapters/git.js';
import { type ProjectGraph, projectPaths } from '../adapters/nx.js';

/**
 * The commits that change an app between two versions: `<sha> <subject>` lines, newest first,
 * limited to the app's folder and the folders of the projects it depends on (so a change to a
 * lib it uses counts, and one to an unrelated lib does not). Undefined when either commit is
 * unknown here (a shallow clone, a force-pushed history), so callers can say "unknown".
 */
export async function appCommitsBetween(repoRoot: string, graph: ProjectGraph, app: string, from: string, to: string): Promise<string[] | undefined> {
  if (from === to) return [];
  for (const commit of [from, to]) {
    if (!(await gitSucceeds(repoRoot, ['cat-file', '-e', `${commit}^{commit}`]))) return undefined;
  }
  const paths = graph.nodes[app] ? projectPaths(graph, app) : [`apps/${app}`];
  return (await git(repoRoot, ['log', '--format=%H %s', `${from}..${to}`, '--', ...paths])).split('\n').filter(Boolean);
}

/**
 * The commits after `built` (the commit an image was built from) up to `base` that change the
 * app's workload.yaml: configuration a promotion renders with that image, because promotions move
 * images only. Empty when `built` is unknown here.
 */
export async function configCommitsSince(repoRoot: string, app: string, built: string, base: string): Promise<string[]> {
  if (!(await gitSucceeds(repoRoot, ['cat-file', '-e', `${built}^{commit}`]))) return [];
  return (await git(repoRoot, ['log', '--format=%H %s', `${built}..${base}`, '--', `apps/${app}/workload.yaml`])).split('\n').filter(Boolean);
}
