import type { LabSpec } from './schema.ts';
import { TEMPLATE_DEFAULTS } from './templates.ts';

/** Participants by name; a count becomes p01, p02, … (zero-padded so they sort). */
export function participantNames(spec: Pick<LabSpec, 'participants'>): string[] {
  if (Array.isArray(spec.participants)) return [...spec.participants];
  const width = Math.max(2, String(spec.participants).length);
  return Array.from({ length: spec.participants }, (_, i) => `p${String(i + 1).padStart(width, '0')}`);
}

/** Each participant's namespace: the `lab-` prefix keeps labs apart from platform namespaces. */
export function participantNamespace(lab: string, participant: string): string {
  return `lab-${lab}-${participant}`;
}

/** The hostname of a participant's workspace under the lab cluster's domain. */
export function participantHost(lab: string, participant: string, domain: string): string {
  return `${lab}-${participant}.${domain}`;
}

/** Per-participant sizes with the template's defaults filled in. */
export function participantResources(spec: Pick<LabSpec, 'template' | 'resources'>): { cpu: string; memory: string; storage: string } {
  const defaults = TEMPLATE_DEFAULTS[spec.template];
  return {
    cpu: spec.resources.cpu ?? defaults.cpu,
    memory: spec.resources.memory ?? defaults.memory,
    storage: spec.resources.storage ?? defaults.storage,
  };
}

/**
 * The expiry as a label value (labels cannot hold ":"): ISO 8601 basic format in UTC,
 * e.g. 20261127T170000Z, so `kubectl get ns -l workbench.dev/lab-expires` still sorts by time.
 */
export function expiryLabel(expires: string): string {
  return new Date(expires).toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll('-', '').replaceAll(':', '');
}

/** The Kubernetes group whose members (trainers) may read lab workspace tokens on the lab cluster. */
export const LAB_TRAINERS_GROUP = 'workbench:lab-trainers';

/** The Secret, generated in each participant's namespace, that holds the JupyterLab token. */
export const LAB_TOKEN_SECRET = { name: 'workspace-token', key: 'password' } as const;

/** Labels on every lab object: which lab, which template, and when it expires (expiryLabel). */
export const LAB_LABELS = { lab: 'workbench.dev/lab', template: 'workbench.dev/lab-template', expires: 'workbench.dev/lab-expires' } as const;
