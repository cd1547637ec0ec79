import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appRoleName, retrainingQueueName } from '@workbench/stack-config';
import { entriesOf, grants, type InventoryEntry } from '../diff/cloud-diff.js';

export interface CloudStack {
  stack: string;
  file: string;
  resources: InventoryEntry[];
}

/** One cloud resource an app owns, in the stack that declares it. */
export interface AppCloudResource {
  stack: string;
  type: string;
  name: string;
}

/** What an app's role may do in one stack: "actions on resource" lines, as the pull-request report words them. */
export interface AppPermissions {
  stack: string;
  role: string;
  grants: string[];
}

const CLOUD_DIR = 'environments/cloud';
const ROLE_POLICY = 'aws:iam/rolePolicy:RolePolicy';

/** Every committed cloud inventory (`environments/cloud/<stack>/inventory.yaml`); none when the cloud program was never rendered. */
export async function readCloudStacks(repoRoot: string): Promise<CloudStack[]> {
  const dir = join(repoRoot, CLOUD_DIR);
  if (!existsSync(dir)) return [];
  const stacks = readdirSync(dir).filter((stack) => existsSync(join(dir, stack, 'inventory.yaml'))).sort();
  return Promise.all(
    stacks.map(async (stack) => {
      const file = `${CLOUD_DIR}/${stack}/inventory.yaml`;
      return { stack, file, resources: [...entriesOf(await readFile(join(repoRoot, file), 'utf8')).values()] };
    }),
  );
}

/** The names a stack gives an app's own resources (cloud-names.ts): its image repository, role and retraining queue. */
function ownedBy(app: string, stack: string, entry: InventoryEntry): boolean {
  const role = appRoleName(stack, app);
  if (entry.component?.split(' / ').includes(`PodIdentityRole ${role}`)) return true;
  const named = [entry.inputs.name, entry.inputs.repository].filter((n): n is string => typeof n === 'string');
  return named.some((n) => n === app || n === role || n === retrainingQueueName(stack, app));
}

export function appCloudResources(stacks: CloudStack[], app: string): { resources: AppCloudResource[]; permissions: AppPermissions[] } {
  const resources: AppCloudResource[] = [];
  const permissions: AppPermissions[] = [];
  for (const { stack, resources: entries } of stacks) {
    for (const entry of entries.filter((e) => ownedBy(app, stack, e))) {
      resources.push({ stack, type: entry.type, name: entry.name });
      if (entry.type === ROLE_POLICY) {
        const lines = [...grants(entry.inputs.policy)].map(([resource, actions]) => `${actions.join(', ')} on ${resource}`);
        permissions.push({ stack, role: String(entry.inputs.role ?? entry.name), grants: lines });
      }
    }
  }
  return { resources, permissions };
}
