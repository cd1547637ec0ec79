import { cpuQuantity, memoryQuantity } from '@workbench/workload-spec';
import { z } from 'zod';
import { participantNames, participantResources } from './participants.js';
import { bytes, millicores } from './quantities.js';
import type { LabSpec } from './schema.js';

/** `workloads:labs` in platform/workloads/Pulumi.lab.yaml: what the lab cluster allows. */
export const labLimitsSchema = z.strictObject({
  repository: z.url({ protocol: /^https$/ }).describe('The repository Flux reads lab branches from'),
  maxParticipants: z.number().int().min(1).max(1000),
  maxDurationDays: z.number().int().min(1).max(90),
  capacity: z
    .strictObject({ cpu: cpuQuantity, memory: memoryQuantity, storage: z.string().regex(/^[1-9][0-9]*(Gi|Ti)$/) })
    .describe('What one lab may use in total across its participants'),
  maxPerParticipant: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity, storage: z.string().regex(/^[1-9][0-9]*(Gi|Ti)$/) }),
  datasetReaderRoleArn: z
    .string()
    .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN')
    .describe('IAM role (IRSA) the seed job assumes to read s3:// datasets'),
});
export type LabLimits = z.infer<typeof labLimitsSchema>;

export const LIMITS_SOURCE = 'workloads:labs in platform/workloads/Pulumi.lab.yaml';

export interface LabProblem {
  field: string;
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the schema alone cannot know: the lab cluster's limits and the current time. `now` is
 * passed in so rendering stays deterministic; only commands that start or extend a lab check it.
 */
export function checkLabAgainstLimits(spec: LabSpec, limits: LabLimits, now: Date): LabProblem[] {
  const problems: LabProblem[] = [];
  const count = participantNames(spec).length;
  if (count > limits.maxParticipants) {
    problems.push({ field: 'participants', message: `${count} participants are more than the lab cluster allows (${limits.maxParticipants}, ${LIMITS_SOURCE}); split the group into two labs` });
  }
  const each = participantResources(spec);
  const per = limits.maxPerParticipant;
  const checks: [keyof typeof each, (q: string) => number][] = [
    ['cpu', millicores],
    ['memory', bytes],
    ['storage', bytes],
  ];
  for (const [resource, measure] of checks) {
    if (measure(each[resource]) > measure(per[resource])) {
      problems.push({ field: `resources.${resource}`, message: `${each[resource]} per participant is more than the maximum ${per[resource]} (${LIMITS_SOURCE})` });
    } else if (measure(each[resource]) * count > measure(limits.capacity[resource])) {
      problems.push({
        field: `resources.${resource}`,
        message: `${count} × ${each[resource]} is more than the lab quota of ${limits.capacity[resource]} (${LIMITS_SOURCE}); lower resources.${resource} or the number of participants`,
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
