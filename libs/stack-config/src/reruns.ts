import { dnsLabel } from '@workbench/workload-spec';
import { z } from 'zod';
import { setConfigEntry } from './stack-file-edit.ts';

/**
 * A re-run of a job, cron or Spark job, committed to the stack config (`workloads:reruns`) by
 * `workbench rerun`: `run` counts up, and each count renders a new run object Flux applies.
 */
export const rerunSchema = z.strictObject({
  run: z.number().int().min(1).describe('How many times the app was re-run here; each new count is a new run'),
  reason: z.string().min(1).describe('Why, as given to workbench rerun'),
  requestedAt: z.string().min(1).describe('When it was asked for (ISO 8601)'),
});
export type Rerun = z.infer<typeof rerunSchema>;
export const rerunsSchema = z.record(dnsLabel, rerunSchema).default({});

const RERUNS_KEY = 'workloads:reruns';

/** The stack file's text with one app's re-run set, comments and order kept. */
export function setRerun(stackFileText: string, app: string, rerun: Rerun): string {
  return setConfigEntry(stackFileText, RERUNS_KEY, app, rerun);
}
