import { cpuQuantity, memoryQuantity } from '@workbench/workload-spec';
import { z } from 'zod';
import { stackFilePath } from './stack-files.ts';

const storageQuantity = z.string().regex(/^[1-9][0-9]*(Gi|Ti)$/, 'expected a storage quantity such as "100Gi"');

/** `workloads:labs` in the lab stack config: what the lab cluster allows. */
export const labLimitsSchema = z.strictObject({
  repository: z.url({ protocol: /^https$/ }).describe('The repository Flux reads lab branches from'),
  maxParticipants: z.number().int().min(1).max(1000),
  maxDurationDays: z.number().int().min(1).max(90),
  capacity: z
    .strictObject({ cpu: cpuQuantity, memory: memoryQuantity, storage: storageQuantity })
    .describe('What all labs running at the same time may use together: the lab quota'),
  maxPerParticipant: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity, storage: storageQuantity }),
});
export type LabLimits = z.infer<typeof labLimitsSchema>;

/** Where people find the lab limits, for messages. */
export const LIMITS_SOURCE = `workloads:labs in ${stackFilePath('lab')}`;
