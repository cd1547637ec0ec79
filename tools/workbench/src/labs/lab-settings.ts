import { join } from 'node:path';
import { labLimitsSchema, LIMITS_SOURCE, readPulumiConfig, type LabLimits } from '@workbench/stack-config';
import { PROGRAM_DIR } from '../render/render-environment.js';
import { readPulumiProject } from '../render/stack-files.js';

export interface LabSettings {
  limits: LabLimits;
  /** The lab cluster's domain: workspaces are https://<lab>-<participant>.<domain>/. */
  domain: string;
}

/** What the lab cluster allows and where it serves workspaces, from the lab stack's config. */
export function readLabSettings(repoRoot: string): LabSettings {
  const programDir = join(repoRoot, PROGRAM_DIR);
  const project = readPulumiProject(programDir).name;
  const config = readPulumiConfig(programDir, project, 'lab', repoRoot);
  const raw = config[`${project}:labs`];
  if (!raw) throw new Error(`${LIMITS_SOURCE} is missing: the lab cluster's limits must be set before labs can be created`);
  const limits = labLimitsSchema.safeParse(JSON.parse(raw));
  if (!limits.success) {
    throw new Error(`${LIMITS_SOURCE}: ${limits.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { limits: limits.data, domain: config[`${project}:domain`] ?? 'lab.example.com' };
}
