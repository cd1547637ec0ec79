import { z } from 'zod';

// The Kubernetes quantity forms people write by hand; exotic forms (exponents, "1e3") are refused
// so that a typo like "512M" versus "512Mi" is at least a deliberate choice.
export const cpuQuantity = z
  .string()
  .regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]{1,3})?)$/, 'expected a CPU quantity such as "250m", "1" or "1.5"');

export const memoryQuantity = z
  .string()
  .regex(/^[1-9][0-9]*(Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'expected a memory quantity such as "256Mi" or "2Gi"');

export const resources = z
  .strictObject({
    cpu: cpuQuantity.describe('CPU request, e.g. "250m"'),
    memory: memoryQuantity.describe('Memory request, and the limit unless limits.memory is set, e.g. "256Mi"'),
    limits: z
      .strictObject({ cpu: cpuQuantity.optional(), memory: memoryQuantity.optional() })
      .optional()
      .describe('Limits; default: memory limit equals the request, CPU limit is twice the request'),
  })
  .describe('Requests (and optional limits) for the main container');
