import { ENVIRONMENTS } from '@workbench/stack-config';

export type Environment = (typeof ENVIRONMENTS)[number];
export const ALL_ENVIRONMENTS: readonly Environment[] = ENVIRONMENTS;

export class UsageError extends Error {}

/** Validates `--env` values; none means every environment. */
export function selectEnvironments(requested: string[] | undefined): Environment[] {
  if (!requested || requested.length === 0) return [...ALL_ENVIRONMENTS];
  const unknown = requested.filter((env) => !(ALL_ENVIRONMENTS as readonly string[]).includes(env));
  if (unknown.length > 0) {
    throw new UsageError(`unknown environment ${unknown.map((e) => `"${e}"`).join(', ')}: expected one of ${ALL_ENVIRONMENTS.join(', ')}`);
  }
  return [...new Set(requested)] as Environment[];
}
