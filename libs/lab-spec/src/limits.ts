import { type LabLimits, LIMITS_SOURCE } from '@workbench/stack-config';
import { participantNames, participantResources } from './participants.ts';
import { bytes, millicores } from '@workbench/workload-spec';
import type { LabSpec } from './schema.ts';

export interface LabProblem {
  field: string;
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Another lab on the cluster, for the capacity check. */
export interface OtherLab {
  lab: string;
  spec: LabSpec;
}

const MEASURES = { cpu: millicores, memory: bytes, storage: bytes } as const;
type Resource = keyof typeof MEASURES;

function formatAmount(resource: Resource, amount: number): string {
  return resource === 'cpu' ? `${+(amount / 1000).toFixed(3)} CPU` : `${+(amount / 2 ** 30).toFixed(1)}Gi`;
}

/** What a lab asks of the cluster in total, per resource, in millicores or bytes. */
function labTotals(spec: LabSpec): Record<Resource, number> {
  const count = participantNames(spec).length;
  const each = participantResources(spec);
  return { cpu: MEASURES.cpu(each.cpu) * count, memory: MEASURES.memory(each.memory) * count, storage: MEASURES.storage(each.storage) * count };
}

/**
 * What the schema alone cannot know: the lab cluster's limits, the labs that run at the same
 * time, and the current time. `now` is passed in so rendering stays deterministic; only commands
 * that start or extend a lab check it.
 */
export function checkLabAgainstLimits(spec: LabSpec, limits: LabLimits, now: Date, others: OtherLab[] = []): LabProblem[] {
  const problems: LabProblem[] = [];
  const count = participantNames(spec).length;
  if (count > limits.maxParticipants) {
    problems.push({ field: 'participants', message: `${count} participants are more than the lab cluster allows (${limits.maxParticipants}, ${LIMITS_SOURCE}); split the group into two labs` });
  }
  const each = participantResources(spec);
  const from = Math.max(now.getTime(), Date.parse(spec.starts));
  const concurrent = others.filter((o) => Date.parse(o.spec.expires) > from && Date.parse(o.spec.starts) < Date.parse(spec.expires));
  for (const resource of Object.keys(MEASURES) as Resource[]) {
    const measure = MEASURES[resource];
    if (measure(each[resource]) > measure(limits.maxPerParticipant[resource])) {
      problems.push({ field: `resources.${resource}`, message: `${each[resource]} per participant is more than the maximum ${limits.maxPerParticipant[resource]} (${LIMITS_SOURCE})` });
      continue;
    }
    const used = concurrent.reduce((sum, o) => sum + labTotals(o.spec)[resource], 0);
    if (measure(each[resource]) * count + used > measure(limits.capacity[resource])) {
      const alongside = used ? ` plus ${formatAmount(resource, used)} for the labs running at the same time (${concurrent.map((o) => o.lab).join(', ')})` : '';
      problems.push({
        field: `resources.${resource}`,
        message: `${count} × ${each[resource]}${alongside} is more than the lab quota of ${limits.capacity[resource]} (${LIMITS_SOURCE}); lower resources.${resource} or the number of participants${used ? ', or choose dates when fewer labs run' : ''}`,
      });
    }
  }
  const expires = Date.parse(spec.expires);
  if (expires <= now.getTime()) {
    problems.push({ field: 'expires', message: `${spec.expires} is in the past (now ${now.toISOString()}); choose a later time` });
  }
  const latest = Math.max(now.getTime(), Date.parse(spec.starts)) + limits.maxDurationDays * DAY_MS;
  if (expires > latest) {
    problems.push({
      field: 'expires',
      message: `${spec.expires} is more than ${limits.maxDurationDays} days after the lab starts (latest ${new Date(latest).toISOString()}, ${LIMITS_SOURCE})`,
    });
  }
  return problems;
}
