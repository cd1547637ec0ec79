import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import codeowners from 'codeowners-utils';
import { readAppWorkloads } from '@workbench/workload-spec';
import type { ProjectGraph } from '../adapters/nx.js';
import { appCloudResources, type AppCloudResource, type AppPermissions, type CloudStack } from './cloud-inventories.js';
import type { RenderedApp } from './rendered-environments.js';

/** One app or library as the catalog shows it. */
export interface CatalogProject {
  name: string;
  kind: 'app' | 'library';
  root: string;
  /** The customer it belongs to (its `scope:` tag); null for shared libraries. */
  customer: string | null;
  /** Who owns it: `owner` in workload.yaml, else its CODEOWNERS entry. */
  owner: string;
  description: string;
  /** service, job, cron or spark-job; null for a library. */
  workloadKind: string | null;
  readme: string | null;
  workload: string | null;
  dependencies: string[];
  dependents: string[];
  /** The images its Dockerfile builds from, last stage last. */
  baseImages: string[];
  hosts: RenderedApp['hosts'];
  alerts: RenderedApp['alerts'];
  dashboards: RenderedApp['dashboards'];
  cloudResources: AppCloudResource[];
  permissions: AppPermissions[];
}

const KIND_BY_FOLDER = { apps: 'app', libs: 'library' } as const;
const NO_RENDERED: RenderedApp = { hosts: {}, alerts: [], dashboards: [] };

const read = (repoRoot: string, file: string) => (existsSync(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8') : null);
/** `@workbench/acme-data-science` → `acme-data-science`: the group names workload.yaml uses. */
const groupName = (owner: string) => owner.replace(/^@[^/]+\//, '').replace(/^@/, '');

export function baseImagesOf(dockerfile: string | null): string[] {
  if (!dockerfile) return [];
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!from) continue;
    // A stage built FROM an earlier stage is not a base image.
    if (!stages.has(from[1]!.toLowerCase()) && !images.includes(from[1]!)) images.push(from[1]!);
    if (from[2]) stages.add(from[2].toLowerCase());
  }
  return images;
}

/** Every project in apps/ and libs/, with what the graph, its files, the rendered environments and the cloud inventories say about it. */
export function readCatalog(repoRoot: string, graph: ProjectGraph, rendered: Map<string, RenderedApp>, cloud: CloudStack[]): CatalogProject[] {
  const workloads = new Map(readAppWorkloads(repoRoot).map((w) => [w.app, w.workload]));
  const owners = codeowners.parse(read(repoRoot, '.github/CODEOWNERS') ?? '');
  const inCatalog = Object.values(graph.nodes).filter((node) => node.data.root.split('/')[0]! in KIND_BY_FOLDER);
  const names = new Set(inCatalog.map((node) => node.name));
  const dependencies = new Map([...names].map((name) => [name, [...new Set((graph.dependencies[name] ?? []).map((d) => d.target).filter((target) => names.has(target) && target !== name))].sort()]));
  const dependents = new Map<string, string[]>();
  for (const [name, targets] of dependencies) for (const target of targets) dependents.set(target, [...(dependents.get(target) ?? []), name]);
  return inCatalog
    .map((node): CatalogProject => {
      const root = node.data.root;
      const workload = workloads.get(node.name);
      const scope = (node.data.tags ?? []).find((tag) => tag.startsWith('scope:'))?.slice('scope:'.length);
      const packageJson = read(repoRoot, `${root}/package.json`);
      const description = workload?.description ?? ((packageJson ? (JSON.parse(packageJson) as { description?: string }).description : undefined) ?? '');
      const owner = workload?.owner ?? groupName(codeowners.matchFile(`${root}/`, owners)?.owners[0] ?? 'unowned');
      const { resources, permissions } = workload ? appCloudResources(cloud, node.name) : { resources: [], permissions: [] };
      const { hosts, alerts, dashboards } = rendered.get(node.name) ?? NO_RENDERED;
      return {
        name: node.name,
        kind: KIND_BY_FOLDER[root.split('/')[0] as keyof typeof KIND_BY_FOLDER],
        root,
        customer: workload?.customer ?? (scope && scope !== 'shared' ? scope : null),
        owner,
        description,
        workloadKind: workload?.kind ?? null,
        readme: read(repoRoot, `${root}/README.md`),
        workload: workload ? read(repoRoot, `${root}/workload.yaml`) : null,
        dependencies: dependencies.get(node.name) ?? [],
        dependents: (dependents.get(node.name) ?? []).sort(),
        baseImages: baseImagesOf(read(repoRoot, `${root}/Dockerfile`)),
        hosts,
        alerts,
        dashboards,
        cloudResources: resources,
        permissions,
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
