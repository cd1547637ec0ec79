import { DASHBOARD_LABEL } from '@workbench/platform-contract';
import { parse } from 'yaml';
import type { ObjectChange } from './object-diff.js';

type Manifest = {
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { groups?: { name?: string; rules?: { alert?: string; labels?: Record<string, string> }[] }[] };
  data?: Record<string, string>;
};

/** What a change does to what people are alerted about and what they look at, named as they know it. */
export interface OperationsChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** The alerting rules of a PrometheusRule, by `<alert> (<app or group>)`, each as comparable text. */
function alertsOf(manifest: Manifest | undefined): Map<string, string> {
  const alerts = new Map<string, string>();
  for (const group of manifest?.spec?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (!rule.alert) continue;
      const owner = rule.labels?.app ?? group.name ?? '';
      const key = `alert ${rule.alert} (${owner}${rule.labels?.severity ? `, ${rule.labels.severity}` : ''})`;
      alerts.set(key, JSON.stringify(rule));
    }
  }
  return alerts;
}

/** A dashboard ConfigMap's dashboards, by title. */
function dashboardsOf(manifest: Manifest | undefined): Map<string, string> {
  const boards = new Map<string, string>();
  if (manifest?.kind !== 'ConfigMap' || manifest.metadata?.labels?.[DASHBOARD_LABEL] !== '1') return boards;
  for (const text of Object.values(manifest.data ?? {})) {
    const title = (JSON.parse(text) as { title?: string }).title ?? manifest.metadata.name ?? '?';
    boards.set(`dashboard "${title}"`, text);
  }
  return boards;
}

/**
 * Alerts and dashboards added, changed or removed by a set of object changes: an alert whose
 * threshold moved (a stricter objective) is "changed"; routing (AlertmanagerConfig) is named by namespace.
 */
export function operationsChanges(changes: ObjectChange[]): OperationsChanges {
  const result: OperationsChanges = { added: [], changed: [], removed: [] };
  for (const change of changes) {
    const before = (change.before ? parse(change.before) : undefined) as Manifest | undefined;
    const after = (change.after ? parse(change.after) : undefined) as Manifest | undefined;
    const kind = (after ?? before)?.kind;
    if (kind === 'AlertmanagerConfig') {
      const name = `alert routing of ${(after ?? before)?.metadata?.namespace ?? '?'}`;
      result[change.change === 'added' ? 'added' : change.change === 'removed' ? 'removed' : 'changed'].push(name);
      continue;
    }
    const read = kind === 'PrometheusRule' ? alertsOf : dashboardsOf;
    const old = read(before);
    const now = read(after);
    for (const [key, text] of now) {
      if (!old.has(key)) result.added.push(key);
      else if (old.get(key) !== text) result.changed.push(key);
    }
    for (const key of old.keys()) if (!now.has(key)) result.removed.push(key);
  }
  return result;
}
