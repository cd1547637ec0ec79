// Synthetic workload.yaml files for benchmarks: ten customers, the four kinds in turn.

import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackFilePath } from '@workbench/stack-config';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from './benchmarks-file.js';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const ENVIRONMENTS = ['staging', 'production', 'lab'] as const;

/**
 * Room for 30 synthetic apps in one customer namespace (a Spark job alone asks 3 CPU): the render
 * refuses apps that do not fit their namespace's quota.
 */
export function withSyntheticQuota(stackText: string): string {
  const doc = parseDocument(stackText);
  doc.setIn(['config', 'workloads:quota'], { requestsCpu: '200', requestsMemory: '800Gi', limitsCpu: '400', limitsMemory: '800Gi', pods: 1000 });
  doc.deleteIn(['config', 'workloads:customerQuotas']);
  return doc.toString();
}

/** Synthetic app `app` (the i-th) across 10 customers, cycling through the four kinds. */
export function syntheticWorkload(i: number, app: string): string {
  const customer = `customer-${i % 10}`;
  const base = `apiVersion: workbench.dev/v1\ncustomer: ${customer}\nowner: team-${i % 10}\ndescription: synthetic app ${i}\nresources: { cpu: 100m, memory: 128Mi }\nenv: { LOG_LEVEL: info }\n`;
  switch (i % 4) {
    case 0:
      return `${base}kind: service\nport: 8080\nautoscaling: { minReplicas: 2, maxReplicas: 5 }\ningress: { host: app-${i}.${customer}.example.com }\nsecrets: [{ name: app-${i}-db, env: DATABASE_URL, remoteKey: ${customer}/${app}/db }]\n`;
    case 1:
      return `${base}kind: cron\nschedule: "0 3 * * *"\negress: [{ cidr: 10.0.0.0/8, ports: [443] }]\n`;
    case 2:
      return `${base}kind: job\ndata: { read: [lake://raw/${customer}/orders/], write: [lake://curated/${customer}/app-${i}/] }\n`;
    default:
      return `${base}kind: spark-job\nspark: { mainApplicationFile: "local:///app/job.py" }\ndata: { read: [lake://curated/${customer}/] }\n`;
  }
}


/** A temp repository with the real platform/ programs and `apps` synthetic apps pinned in every environment. */
export async function syntheticRenderWorkspace(apps: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-render-bench-'));
  await cp(join(REPO_ROOT, 'platform'), join(dir, 'platform'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  await cp(join(REPO_ROOT, 'nx.json'), join(dir, 'nx.json'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const releases: Record<string, unknown> = {};
  for (let i = 0; i < apps; i++) {
    const app = `app-${String(i).padStart(3, '0')}`;
    await mkdir(join(dir, 'apps', app), { recursive: true });
    await writeFile(join(dir, 'apps', app, 'workload.yaml'), syntheticWorkload(i, app));
    releases[app] = { image: `ghcr.io/bench/${app}`, tag: 'sha-0123456789ab', commit: COMMIT };
  }
  for (const env of ENVIRONMENTS) {
    const file = join(dir, stackFilePath(env));
    // Replace the real pins (and overrides of real apps) with pins for every synthetic app.
    const config = withSyntheticQuota(await readFile(file, 'utf8')).replace(/ {2}workloads:(releases|overrides):[\s\S]*?(?=\n {2}workloads:|\s*$)/g, '');
    await writeFile(file, `${config.trimEnd()}\n  workloads:releases: ${JSON.stringify(releases)}\n`);
  }
  return dir;
}

