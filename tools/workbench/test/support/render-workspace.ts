import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackFilePath } from '@workbench/stack-config';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** A staging pin for an app, as the release step would write it. */
export const pin = (app: string, tag = 'sha-0123456789ab') => ({ image: `ghcr.io/workbench/${app}`, tag, commit: COMMIT });

/** One workload of each kind, with the fields each kind needs. */
export const WORKLOADS: Record<string, string> = {
  'demo-api': `apiVersion: workbench.dev/v1
kind: service
customer: initech
owner: initech-team
description: demo service
port: 8080
resources: { cpu: 250m, memory: 256Mi }
autoscaling: { minReplicas: 2, maxReplicas: 4 }
ingress: { host: api.initech.example.com }
secrets:
  - { name: demo-api-db, env: DATABASE_URL, remoteKey: initech/demo-api/db }
`,
  'demo-nightly': `apiVersion: workbench.dev/v1
kind: cron
customer: initech
owner: initech-team
description: demo cron
schedule: "0 4 * * *"
resources: { cpu: 100m, memory: 128Mi }
`,
  'demo-backfill': `apiVersion: workbench.dev/v1
kind: job
customer: initech
owner: initech-team
description: demo job
resources: { cpu: "1", memory: 1Gi, limits: { cpu: "2", memory: 2Gi } }
egress: [{ cidr: 10.20.0.0/16, ports: [5432] }]
`,
  'demo-spark': `apiVersion: workbench.dev/v1
kind: spark-job
customer: umbrella
owner: umbrella-data
description: demo spark
schedule: "@daily"
resources: { cpu: 500m, memory: 512Mi }
spark: { mainApplicationFile: "local:///app/job.py", executor: { instances: 3 } }
`,
};

export interface RenderWorkspace {
  dir: string;
  write(path: string, content: string): Promise<void>;
  read(path: string): Promise<string>;
  /** Every file under environments/, path → content. */
  snapshotEnvironments(): Promise<Map<string, string>>;
  dispose(): Promise<void>;
}

/**
 * A temp repository with the real platform/ programs and the given apps: renders there exercise
 * every kind without touching the real environments/.
 */
export async function createRenderWorkspace(options: { apps?: Record<string, string>; releases?: Record<string, ReturnType<typeof pin>> } = {}): Promise<RenderWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-render-'));
  await cp(join(REPO_ROOT, 'platform'), join(dir, 'platform'), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.endsWith('.test.ts'),
  });
  await cp(join(REPO_ROOT, 'nx.json'), join(dir, 'nx.json'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const write = async (path: string, content: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  };
  const apps = options.apps ?? WORKLOADS;
  for (const [app, workload] of Object.entries(apps)) await write(`apps/${app}/workload.yaml`, workload);
  const releases = options.releases ?? Object.fromEntries(Object.keys(apps).map((app) => [app, pin(app)]));
  const staging = await readFile(join(REPO_ROOT, stackFilePath('staging')), 'utf8');
  const withoutReleases = staging.replace(/ {2}workloads:releases:[\s\S]*?(?=\n {2}workloads:|\s*$)/, '');
  await write(stackFilePath('staging'), `${withoutReleases.trimEnd()}\n  workloads:releases: ${JSON.stringify(releases)}\n`);
  return {
    dir,
    write,
    read: (path) => readFile(join(dir, path), 'utf8'),
    async snapshotEnvironments() {
      const root = join(dir, 'environments');
      const files = new Map<string, string>();
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const e of entries.filter((entry) => entry.isFile())) {
        const path = join(e.parentPath, e.name);
        files.set(path.slice(root.length + 1), await readFile(path, 'utf8'));
      }
      return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
