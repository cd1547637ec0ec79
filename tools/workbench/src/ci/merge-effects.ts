import codeowners from 'codeowners-utils';
import { parse } from 'yaml';
import type { EnvironmentDiff } from '../diff/format-diff.js';
import type { ObjectChange } from '../diff/object-diff.js';
import { operationsChanges, type OperationsChanges } from '../diff/operations-diff.js';
import type { AffectedProject } from './affected.js';

/** What merging a pull request does, beyond its own files. */
export interface MergeEffects {
  /** Deployable apps the release workflow builds and pins to staging at merge, with why. */
  releases: { app: string; reason: string }[];
  /** Rendered changes Flux applies from main at merge, per environment and app, with no promotion. */
  liveAtMerge: { env: string; owner: string; objects: string[] }[];
  /**
   * Cloud stacks whose plan changes: infra.yml applies them at merge (production after approval
   * in its GitHub environment), with the IAM and network changes in words.
   */
  cloud: { stack: string; changes: number; callouts: string[] }[];
  /** Alerts, dashboards and alert routing added, changed or removed, per environment. */
  operations: ({ env: string } & OperationsChanges)[];
  /** Changed files that configure environments directly (stack configs, workload.yaml). */
  configuration: string[];
  /** Whose review CODEOWNERS (as on the base branch) requires, and for which files. */
  approvals: { owners: string[]; files: string[] }[];
}

/** Objects with no app label (namespaces, quotas, platform services) are the platform's. */
const PLATFORM = 'platform';
const CONFIGURATION = [/^platform\/(workloads|cloud)\/Pulumi\.[^/]+\.yaml$/, /^apps\/[^/]+\/workload\.yaml$/];
const CLOUD_PREFIX = 'cloud/';

function appOf(change: ObjectChange): string {
  const manifest = parse(change.after ?? change.before ?? '') as { metadata?: { labels?: Record<string, string> } } | null;
  return manifest?.metadata?.labels?.['app.kubernetes.io/name'] ?? PLATFORM;
}

/** The rendered changes grouped by environment, then by the app whose objects they are. */
export function liveChanges(diffs: EnvironmentDiff[]): MergeEffects['liveAtMerge'] {
  const groups: MergeEffects['liveAtMerge'] = [];
  for (const { env, changes } of diffs.filter((d) => !d.env.startsWith(CLOUD_PREFIX))) {
    const byApp = new Map<string, string[]>();
    for (const change of changes) {
      const app = appOf(change);
      byApp.set(app, [...(byApp.get(app) ?? []), `${change.change === 'added' ? '+' : change.change === 'removed' ? '-' : '~'} ${change.object}`]);
    }
    for (const [owner, objects] of [...byApp].sort(([a], [b]) => a.localeCompare(b))) groups.push({ env, owner, objects });
  }
  return groups;
}

/**
 * The owners whose approval CODEOWNERS requires for `files`: GitHub applies the last matching
 * pattern of the file on the base branch, so a pull request cannot change its own reviewers.
 */
export function requiredApprovals(codeownersText: string, files: string[]): MergeEffects['approvals'] {
  const entries = codeowners.parse(codeownersText);
  const byOwners = new Map<string, { owners: string[]; files: string[] }>();
  for (const file of files) {
    const entry = codeowners.matchFile(file, entries);
    if (!entry || entry.owners.length === 0) continue;
    const key = entry.owners.join(' ');
    const group = byOwners.get(key) ?? { owners: entry.owners, files: [] };
    group.files.push(file);
    byOwners.set(key, group);
  }
  return [...byOwners.values()].sort((a, b) => a.owners.join().localeCompare(b.owners.join()));
}

export function mergeEffects(input: { affected: AffectedProject[]; diffs: EnvironmentDiff[]; changedFiles: string[]; codeowners: string }): MergeEffects {
  return {
    releases: input.affected.filter((p) => p.deployable).map((p) => ({ app: p.project, reason: p.reason })),
    liveAtMerge: liveChanges(input.diffs),
    cloud: input.diffs
      .filter((d) => d.env.startsWith(CLOUD_PREFIX) && d.changes.length)
      .map((d) => ({ stack: d.env.slice(CLOUD_PREFIX.length), changes: d.changes.length, callouts: d.callouts ?? [] })),
    operations: input.diffs
      .filter((d) => !d.env.startsWith(CLOUD_PREFIX))
      .map((d) => ({ env: d.env, ...operationsChanges(d.changes) }))
      .filter((o) => o.added.length + o.changed.length + o.removed.length > 0),
    configuration: input.changedFiles.filter((file) => CONFIGURATION.some((pattern) => pattern.test(file))),
    approvals: requiredApprovals(input.codeowners, input.changedFiles),
  };
}
