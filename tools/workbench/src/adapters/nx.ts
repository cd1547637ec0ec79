import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface GraphNode {
  name: string;
  type: string;
  data: { root: string; tags?: string[] };
}
export interface ProjectGraph {
  nodes: Record<string, GraphNode>;
  dependencies: Record<string, { target: string }[]>;
}

const NX_ENV = { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

/** Runs the workspace's own nx (offline, no daemon) and returns stdout. */
export async function nx(repoRoot: string, args: string[]): Promise<string> {
  const result = await execa(join(repoRoot, 'node_modules/.bin/nx'), args, { cwd: repoRoot, env: NX_ENV });
  return String(result.stdout);
}

/** The Nx project graph (`nx graph --file`). */
export async function readProjectGraph(repoRoot: string): Promise<ProjectGraph> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-graph-'));
  try {
    await nx(repoRoot, ['graph', `--file=${join(dir, 'graph.json')}`]);
    return (JSON.parse(await readFile(join(dir, 'graph.json'), 'utf8')) as { graph: ProjectGraph }).graph;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The folders whose history belongs to a project: its root and every workspace project it depends on. */
export function projectPaths(graph: ProjectGraph, project: string): string[] {
  const roots = new Set<string>();
  const visit = (name: string) => {
    const node = graph.nodes[name];
    if (!node || roots.has(node.data.root)) return;
    roots.add(node.data.root);
    for (const { target } of graph.dependencies[name] ?? []) visit(target);
  };
  visit(project);
  return [...roots].sort();
}
