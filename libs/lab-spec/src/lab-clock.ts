import { InputError } from '@workbench/workload-spec';

/**
 * Sets "now" for rehearsals and tests. The CLI's `--now` sets it, and the render it starts (a
 * separate process) and validate read the same value, so all of them agree on which labs expired.
 */
export const NOW_VARIABLE = 'WORKBENCH_NOW';

/** "Now": the WORKBENCH_NOW instant when set, else the clock; a value that is no date is refused. */
export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const value = env[NOW_VARIABLE];
  if (!value) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new InputError(`${NOW_VARIABLE}="${value}" is not a date: use an ISO 8601 instant such as 2026-11-24T09:00:00Z, or unset it`);
  return now;
}

/** Makes `value` "now" for this process and every process it starts; returns it as a Date. */
export function setCurrentTime(value: string): Date {
  process.env[NOW_VARIABLE] = value;
  return currentTime();
}
