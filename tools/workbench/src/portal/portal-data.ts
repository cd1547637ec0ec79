import { readCloudSharedConfig } from '@workbench/stack-config';
import { git, gitSucceeds } from '../adapters/git.js';
import { readProjectGraph } from '../adapters/nx.js';
import { ALL_ENVIRONMENTS } from '../environments.js';
import { formatAccessSheet } from '../labs/access-sheet.js';
import { listLabs, type LabSummary } from '../labs/lab-list.js';
import { readLabSettings } from '../labs/lab-settings.js';
import { environmentHistory, type HistoryEntry } from '../promote/environment-history.js';
import { environmentStatus, type EnvironmentStatus } from '../promote/environment-status.js';
import { readCatalog, type CatalogProject } from './catalog.js';
import { readCloudStacks } from './cloud-inventories.js';
import { readGuides, type Guide } from './guides.js';
import { readRenderedEnvironments, type PlatformService } from './rendered-environments.js';
import { readLabTemplates, readTemplates, type LabTemplate, type Template } from './templates.js';

/** One change of an app's version in one environment: a release, a promotion or a rollback. */
export interface AppHistoryEntry {
  env: string;
  date: string;
  commit: string;
  author: string;
  subject: string;
  pullRequest: number | null;
  from: string | null;
  to: string | null;
}

export interface LabView extends LabSummary {
  dataset?: string;
  trainer?: string;
  /** The participant sheet `workbench lab access` prints: workspaces and how to read a token, never a token. */
  accessSheet?: string;
}

/** Everything the portal shows, read from the repository with the functions the CLI commands use. */
export interface PortalData {
  /** The commit the portal shows (HEAD), and whether the working tree had changes on top. */
  commit: string;
  dirty: boolean;
  repository: { url: string; branch: string };
  environments: string[];
  projects: CatalogProject[];
  /** Exactly what `workbench status --json` prints. */
  status: EnvironmentStatus;
  history: Record<string, AppHistoryEntry[]>;
  platform: {
    services: PlatformService[];
    objects: Record<string, number>;
    cloud: { stack: string; file: string; resources: number; types: { type: string; count: number }[] }[];
  };
  labs: { remote: string; problem: string | null; labs: LabView[] };
  templates: Template[];
  labTemplates: LabTemplate[];
  guides: { index: Guide | null; guides: Guide[] };
}

export interface PortalDataOptions {
  repoRoot: string;
  /** The remote lab branches live on (default origin). */
  remote?: string;
  now?: Date;
  say?: (line: string) => void;
}

async function appHistories(repoRoot: string): Promise<Record<string, AppHistoryEntry[]>> {
  const byApp: Record<string, AppHistoryEntry[]> = {};
  for (const env of ALL_ENVIRONMENTS) {
    const entries: HistoryEntry[] = await environmentHistory({ repoRoot, env });
    for (const entry of entries) {
      for (const change of entry.changes) {
        (byApp[change.app] ??= []).push({ env, date: entry.date, commit: entry.commit, author: entry.author, subject: entry.subject, pullRequest: entry.pullRequest, from: change.from, to: change.to });
      }
    }
  }
  for (const entries of Object.values(byApp)) entries.sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));
  return byApp;
}

async function readLabs(repoRoot: string, remote: string, now: Date): Promise<PortalData['labs']> {
  if (!(await gitSucceeds(repoRoot, ['remote', 'get-url', remote]))) {
    return { remote, problem: `no git remote "${remote}": labs are branches on the shared repository (pass --remote to read another)`, labs: [] };
  }
  const { domain } = readLabSettings(repoRoot);
  let labs: Awaited<ReturnType<typeof listLabs>>;
  try {
    labs = await listLabs(repoRoot, remote, now);
  } catch (error) {
    // A checkout without credentials for a private remote still gets its portal, without labs.
    return { remote, problem: `could not list the lab branches on ${remote}: ${(error as Error).message.split('\n')[0]}`, labs: [] };
  }
  return {
    remote,
    problem: null,
    labs: labs.map(({ spec, ...summary }) => (spec ? { ...summary, dataset: spec.dataset, ...(spec.trainer ? { trainer: spec.trainer } : {}), accessSheet: formatAccessSheet(summary.lab, spec, domain) } : summary)),
  };
}

export async function readPortalData(options: PortalDataOptions): Promise<PortalData> {
  const { repoRoot } = options;
  const say = options.say ?? (() => {});
  const now = options.now ?? new Date();
  say('reading the project graph, the rendered environments and the cloud inventories …');
  const [graph, rendered, cloud] = await Promise.all([readProjectGraph(repoRoot), readRenderedEnvironments(repoRoot, ALL_ENVIRONMENTS), readCloudStacks(repoRoot)]);
  say('reading versions, history and labs from git …');
  const [status, history, labs, commit, dirty] = await Promise.all([
    environmentStatus({ repoRoot, now }),
    appHistories(repoRoot),
    readLabs(repoRoot, options.remote ?? 'origin', now),
    git(repoRoot, ['rev-parse', 'HEAD']),
    git(repoRoot, ['status', '--porcelain']).then((out) => out.trim() !== ''),
  ]);
  const { github } = readCloudSharedConfig(repoRoot);
  return {
    commit: commit.trim(),
    dirty,
    repository: { url: `https://github.com/${github.repository}`, branch: github.releaseBranch },
    environments: [...ALL_ENVIRONMENTS],
    projects: readCatalog(repoRoot, graph, rendered.apps, cloud),
    status,
    history,
    platform: {
      services: rendered.services,
      objects: rendered.objects,
      cloud: cloud.map(({ stack, file, resources }) => {
        const counts = new Map<string, number>();
        for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        return { stack, file, resources: resources.length, types: [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, count]) => ({ type, count })) };
      }),
    },
    labs,
    templates: readTemplates(repoRoot),
    labTemplates: readLabTemplates(),
    guides: readGuides(repoRoot),
  };
}
