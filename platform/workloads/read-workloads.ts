import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkload, type Workload } from '@workbench/workload-spec';

export interface AppWorkloadSpec {
  app: string;
  workload: Workload;
}

/**
 * Every app's workload.yaml, sorted by app name. Read synchronously on purpose: all inputs are
 * known before the first resource is declared, so nothing registers late.
 */
export function readWorkloads(repoRoot: string): AppWorkloadSpec[] {
  const appsDir = join(repoRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir)
    .filter((app) => existsSync(join(appsDir, app, 'workload.yaml')))
    .sort()
    .map((app) => {
      const file = `apps/${app}/workload.yaml`;
      return { app, workload: parseWorkload(readFileSync(join(repoRoot, file), 'utf8'), file) };
    });
}
