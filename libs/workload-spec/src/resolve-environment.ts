import type { EnvironmentName, Workload } from './schema.ts';

/** The workload as it runs in one environment: the environment's overrides replace the defaults. */
export type ResolvedWorkload = Omit<Workload, 'environments'>;

export function resolveForEnvironment(workload: Workload, environment: EnvironmentName): ResolvedWorkload {
  const { environments, ...base } = workload;
  const override = environments[environment] ?? {};
  const resolved: ResolvedWorkload = { ...base, ...override };
  // Plain variables merge key by key, so an environment only lists what differs.
  if (base.env || override.env) resolved.env = { ...base.env, ...override.env };
  // Autoscaling in an environment replaces a fixed replica count, and vice versa.
  if (override.autoscaling) delete resolved.replicas;
  if (override.replicas !== undefined) delete resolved.autoscaling;
  return resolved;
}
