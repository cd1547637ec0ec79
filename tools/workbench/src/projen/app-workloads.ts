import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkload, type Workload } from '@workbench/workload-spec';

/** Every app with a workload.yaml, sorted by name: the inputs generated files depend on. */
export function appWorkloads(repoRoot: string): { app: string; workload: Workload }[] {
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
