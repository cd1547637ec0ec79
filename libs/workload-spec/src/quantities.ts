import { z } from 'zod';

// The Kubernetes quantity forms people write by hand; exotic forms (exponents, "1e3") are refused
// so that a typo like "512M" versus "512Mi" is at least a deliberate choice.
export const cpuQuantity = z
  .string()
  .regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]{1,3})?)$/, 'expected a CPU quantity such as "250m", "1" or "1.5"');

export const memoryQuantity = z
  .string()
  .regex(/^[1-9][0-9]*(Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'expected a memory quantity such as "256Mi" or "2Gi"');

/** A CPU quantity in millicores, for comparing and adding up. */
export function millicores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Math.round(Number(cpu) * 1000);
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A memory or storage quantity in bytes, for comparing and adding up. */
export function bytes(quantity: string): number {
  const [, value, unit = ''] = /^([0-9]+)([KMGT]i?|k)?$/.exec(quantity) ?? [];
  if (value === undefined || BYTE_UNITS[unit] === undefined) throw new Error(`not a byte quantity: ${quantity}`);
  return Number(value) * BYTE_UNITS[unit];
}

export const resources = z
  .strictObject({
    cpu: cpuQuantity.describe('CPU request, e.g. "250m"'),
    memory: memoryQuantity.describe('Memory request, and the limit unless limits.memory is set, e.g. "256Mi"'),
    limits: z
      .strictObject({ cpu: cpuQuantity.optional(), memory: memoryQuantity.optional() })
      .optional()
      .describe('Limits; default: memory limit equals the request, CPU limit is twice the request'),
  })
  // The API server refuses a container whose limit is below its request.
  .superRefine((r, ctx) => {
    if (r.limits?.cpu && millicores(r.limits.cpu) < millicores(r.cpu)) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'cpu'], message: `limit ${r.limits.cpu} is below the request ${r.cpu}; Kubernetes refuses such a container: raise the limit or lower cpu` });
    }
    if (r.limits?.memory && bytes(r.limits.memory) < bytes(r.memory)) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'memory'], message: `limit ${r.limits.memory} is below the request ${r.memory}; Kubernetes refuses such a container: raise the limit or lower memory` });
    }
  })
  .describe('Requests (and optional limits) for the main container');
