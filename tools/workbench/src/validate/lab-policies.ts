import { labLimitsSchema, readPulumiConfig, stackFilePath, WORKLOADS_PROGRAM_DIR } from '@workbench/stack-config';
import { LAB_LABELS } from '@workbench/lab-spec';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

const LAB = LAB_LABELS.lab;
const EXPIRES = LAB_LABELS.expires;

/** `20261127T170000Z` (a label cannot hold ":") back to a time. */
function expiryOf(label: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(label);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

/** The Namespaces of labs: all the lab policies look at among an environment's objects. */
export const labNamespacesOf = (objects: ManifestFile[]) => objects.filter(({ manifest }) => manifest.kind === 'Namespace' && manifest.metadata?.labels?.[LAB]);

/**
 * What a lab branch must respect even when its spec was edited by hand (lab branches are not
 * reviewed): one lab per branch, no more participants than the lab cluster allows, not expired.
 */
export function labPolicies(repoRoot: string, objects: ManifestFile[], now: Date): Finding[] {
  const namespaces = labNamespacesOf(objects);
  if (namespaces.length === 0) return [];
  const findings: Finding[] = [];
  const programDir = join(repoRoot, WORKLOADS_PROGRAM_DIR);
  const config = existsSync(programDir) ? readPulumiConfig(programDir, 'workloads', 'lab', repoRoot) : {};
  const limits = labLimitsSchema.safeParse(JSON.parse(config['workloads:labs'] ?? 'null'));
  const byLab = new Map<string, ManifestFile[]>();
  for (const ns of namespaces) {
    const lab = ns.manifest.metadata!.labels![LAB]!;
    byLab.set(lab, [...(byLab.get(lab) ?? []), ns]);
  }
  for (const [lab, members] of byLab) {
    const first = members[0]!;
    const error = (message: string) => findings.push({ severity: 'error', file: first.file, object: describeObject(first.manifest), rule: 'lab-limits', message });
    if (byLab.size > 1) error(`environments/lab holds ${byLab.size} labs (${[...byLab.keys()].join(', ')}); a lab branch carries exactly one`);
    if (limits.success && members.length > limits.data.maxParticipants) {
      error(`lab ${lab} has ${members.length} participants, more than the lab cluster allows (${limits.data.maxParticipants}, workloads:labs in ${stackFilePath('lab')})`);
    }
    const expires = expiryOf(first.manifest.metadata?.labels?.[EXPIRES] ?? '');
    if (!(expires > now.getTime())) error(`lab ${lab} expired at ${first.manifest.metadata?.labels?.[EXPIRES]} (now ${now.toISOString()}); extend it with \`workbench lab extend\` or delete the branch`);
  }
  return findings;
}
