import { z } from 'zod';

// How an app is operated: its objectives, alert thresholds, retries and deadlines. Each field is
// declared once without a default (what an environment may override) and once with its default
// (the top level of workload.yaml), so an override of one threshold keeps the others.

/** A Prometheus-style duration, as alert `for:` clauses and Kubernetes deadlines take it. */
export const duration = z.string().regex(/^[1-9][0-9]*(s|m|h|d)$/, 'expected a duration such as 90s, 10m, 6h or 1d');

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Seconds in a duration the schema accepted (`10m` → 600). */
export function durationSeconds(text: string): number {
  const unit = text.slice(-1) as keyof typeof UNIT_SECONDS;
  return Number(text.slice(0, -1)) * UNIT_SECONDS[unit];
}

/**
 * The request-duration buckets every service exports (`@workbench/platform-sdk` metrics): a
 * latency objective is counted from one bucket, so its threshold must be one of them.
 */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;
const LATENCY_BUCKETS_MS: readonly number[] = LATENCY_BUCKETS_SECONDS.map((s) => Math.round(s * 1000));

const objective = z.number().min(90).max(99.99);

const sloFields = {
  availability: objective.describe('Percent of requests answered without a 5xx, over 30 days'),
  latencyMs: z
    .number()
    .refine((ms) => LATENCY_BUCKETS_MS.includes(ms), `expected one of the latency buckets services export: ${LATENCY_BUCKETS_MS.join(', ')} (ms)`)
    .describe('Requests faster than this count as good for the latency objective'),
  latencyObjective: objective.describe('Percent of requests faster than latencyMs, over 30 days'),
};
export const SLO_DEFAULTS = { availability: 99.5, latencyMs: 500, latencyObjective: 99 };

const restarts = z.number().int().min(1).max(100);
const missedRuns = z.number().int().min(1).max(100);
const runningLongerThan = duration.describe('A run still going after this raises JobRunningLong (default: 80% of the deadline)');
const modelMaxAge = duration.describe('How long the serving model version may go without a newer one before ModelTooOld fires (services with model:; default 30d)');
const notReadyFor = duration.describe('How long replicas may be unavailable before ServiceReplicasUnavailable fires');
const crashRestarts = restarts.describe('Container restarts within 15 minutes that count as crash-looping');
const driverRestarts = restarts.describe('Driver restarts within an hour before SparkDriverRestarting fires');
const cronMissedRuns = missedRuns.describe('Schedule intervals without a successful run before CronJobNoRecentSuccess fires');

export const ALERT_DEFAULTS = { notReadyFor: '10m', restarts: 3, missedRuns: 2, driverRestarts: 1, modelMaxAge: '30d' } as const;

/** The `alerts:` thresholds of each kind, with defaults, and what one environment may change. */
export const ALERTS = {
  service: z
    .strictObject({ notReadyFor: notReadyFor.default(ALERT_DEFAULTS.notReadyFor), restarts: crashRestarts.default(ALERT_DEFAULTS.restarts), modelMaxAge: modelMaxAge.optional() })
    .default({ notReadyFor: ALERT_DEFAULTS.notReadyFor, restarts: ALERT_DEFAULTS.restarts }),
  job: z.strictObject({ runningLongerThan: runningLongerThan.optional() }).default({}),
  cron: z
    .strictObject({ missedRuns: cronMissedRuns.default(ALERT_DEFAULTS.missedRuns), runningLongerThan: runningLongerThan.optional() })
    .default({ missedRuns: ALERT_DEFAULTS.missedRuns }),
  'spark-job': z.strictObject({ driverRestarts: driverRestarts.default(ALERT_DEFAULTS.driverRestarts) }).default({ driverRestarts: ALERT_DEFAULTS.driverRestarts }),
};
export const ALERT_OVERRIDES = {
  service: z.strictObject({ notReadyFor: notReadyFor.optional(), restarts: crashRestarts.optional(), modelMaxAge: modelMaxAge.optional() }).optional(),
  job: z.strictObject({ runningLongerThan: runningLongerThan.optional() }).optional(),
  cron: z.strictObject({ missedRuns: cronMissedRuns.optional(), runningLongerThan: runningLongerThan.optional() }).optional(),
  'spark-job': z.strictObject({ driverRestarts: driverRestarts.optional() }).optional(),
};

/** The `slo:` of a service with its defaults, and what one environment may change of it. */
export const slo = z
  .strictObject({
    availability: sloFields.availability.default(SLO_DEFAULTS.availability),
    latencyMs: sloFields.latencyMs.default(SLO_DEFAULTS.latencyMs),
    latencyObjective: sloFields.latencyObjective.default(SLO_DEFAULTS.latencyObjective),
  })
  .default(SLO_DEFAULTS)
  .describe('Service level objectives over 30 days; the burn-rate alerts follow them');
export const sloOverride = z
  .strictObject({ availability: sloFields.availability.optional(), latencyMs: sloFields.latencyMs.optional(), latencyObjective: sloFields.latencyObjective.optional() })
  .optional()
  .describe('Objectives that differ in this environment');

export const BATCH_DEFAULTS = { retries: 2, deadline: '6h', startingDeadline: '10m', concurrency: 'Forbid' } as const;
const retriesField = z.number().int().min(0).max(10).describe('Retries of a failed run (the Job backoffLimit)');
const deadlineField = duration.describe('A run is stopped and fails after this long (activeDeadlineSeconds)');
const startingDeadlineField = duration.describe('A run that cannot start within this long after its time is skipped');
const concurrencyField = z.enum(['Forbid', 'Replace', 'Allow']).describe('What happens when a run is due while the previous one still runs');

export const retries = retriesField.default(BATCH_DEFAULTS.retries);
export const deadline = deadlineField.default(BATCH_DEFAULTS.deadline);
export const startingDeadline = startingDeadlineField.default(BATCH_DEFAULTS.startingDeadline);
export const concurrency = concurrencyField.default(BATCH_DEFAULTS.concurrency);
export const batchOverrides = { retries: retriesField.optional(), deadline: deadlineField.optional() };
export const cronOverrides = { startingDeadline: startingDeadlineField.optional(), concurrency: concurrencyField.optional() };

/** Fields whose environment override merges key by key into the workload's own (like `env`). */
export const MERGED_FIELDS = ['env', 'alerts', 'slo'] as const;
