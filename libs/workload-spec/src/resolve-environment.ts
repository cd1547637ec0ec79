import { MERGED_FIELDS } from './operations.ts';
import { type EnvironmentName, type Workload, workloadSchema } from './schema.ts';

type WithoutEnvironments<T> = T extends unknown ? Omit<T, 'environments'> : never;

/** The workload as it runs in one environment: the environment's overrides replace the defaults. */
export type ResolvedWorkload = WithoutEnvironments<Workload>;

/** What the stack config may override for an app in its environment (`workloads:overrides`). */
export interface StackOverride {
  replicas?: number;
  resources?: Workload['resources'];
}

/**
 * Applies, in order, the workload's own override for the environment and then the stack config's,
 * through the same rules: plain variables, alert thresholds and objectives merge key by key; a fixed replica count replaces
 * autoscaling and autoscaling replaces a replica count (the schema refuses both in one place).
 */
export function resolveForEnvironment(workload: Workload, environment: EnvironmentName, stackOverride: StackOverride = {}): ResolvedWorkload {
  const { environments, ...base } = workload;
  let resolved = { ...base } as Record<string, unknown>;
  for (const override of [(environments as Partial<Record<EnvironmentName, Record<string, unknown>>>)[environment] ?? {}, stackOverride as Record<string, unknown>]) {
    const merged = Object.fromEntries(
      MERGED_FIELDS.filter((field) => resolved[field] !== undefined || override[field] !== undefined).map((field) => [
        field,
        { ...(resolved[field] as object | undefined), ...(override[field] as object | undefined) },
      ]),
    );
    resolved = { ...resolved, ...override, ...merged };
    if (override.autoscaling) delete resolved.replicas;
    if (override.replicas !== undefined) delete resolved.autoscaling;
  }
  return resolved as ResolvedWorkload;
}

/**
 * Checks a resolved workload against its kind's schema once more: an override may be valid on its
 * own and wrong in combination (a stack config's replicas on a job, requests above the limits).
 * Returns `field: message` per problem; empty when it holds.
 */
export function resolvedProblems(resolved: ResolvedWorkload): string[] {
  const result = workloadSchema.safeParse({ ...resolved, environments: {} });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = issue.path.join('.') || '(root)';
    return issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')}: a ${resolved.kind} has no such field` : `${field}: ${issue.message}`;
  });
}
