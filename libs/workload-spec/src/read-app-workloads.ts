import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkload } from './parse-workload.ts';
import { readUtf8File } from './spec-yaml.ts';
import type { Workload } from './schema.ts';

export interface AppWorkload {
  app: string;
  workload: Workload;
}

/**
 * Every app's workload.yaml under `<repoRoot>/apps`, sorted by app name. Synchronous on purpose:
 * the Pulumi program must know all its inputs before it declares its first resource.
 */
export function readAppWorkloads(repoRoot: string): AppWorkload[] {
  const appsDir = join(repoRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir)
    .filter((app) => existsSync(join(appsDir, app, 'workload.yaml')))
    .sort()
    .map((app) => {
      const file = `apps/${app}/workload.yaml`;
      return { app, workload: parseWorkload(readUtf8File(join(repoRoot, file), file), file, app) };
    });
}
