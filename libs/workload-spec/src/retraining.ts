// `retraining:` on a training app (kind cron): which model it trains and what starts a run. The
// cron's own schedule is the `schedule` trigger; `drift` and `newData` add KEDA ScaledJobs from
// the same job template. Whatever fires, the run takes the model's lease first: one run at a
// time per model, and none within `cooldown` of the last one that started.
import { z } from 'zod';
import { lakePrefix } from './data-access.ts';
import { dnsLabel } from './names.ts';
import { duration } from './operations.ts';

/** What can start a retraining run; each run records its trigger (env RETRAINING_TRIGGER). */
export const RETRAINING_TRIGGERS = ['schedule', 'drift', 'newData'] as const;
export type RetrainingTrigger = (typeof RETRAINING_TRIGGERS)[number];

export const RETRAINING_DEFAULTS = { cooldown: '6h', driftThreshold: 0.2, driftFor: '30m', newDataBatch: 1 } as const;

const driftTrigger = z
  .strictObject({
    app: dnsLabel.describe("The serving app (a service of the same customer) whose model_feature_psi decides"),
    threshold: z
      .number()
      .gt(0)
      .max(10)
      .default(RETRAINING_DEFAULTS.driftThreshold)
      .describe('Population stability index above which a feature has drifted: 0.1 moderate, 0.2 significant (the usual rule of thumb)'),
    for: duration.default(RETRAINING_DEFAULTS.driftFor).describe('How long the largest feature PSI must stay above the threshold'),
  })
  .describe('Retrain when the serving app sees drift: a KEDA ScaledJob with a Prometheus trigger');

const newDataTrigger = z
  .strictObject({
    prefix: lakePrefix.describe('Lake prefix whose new objects start a run (must be one the app reads, data.read)'),
    batch: z.number().int().min(1).max(10_000).default(RETRAINING_DEFAULTS.newDataBatch).describe('Objects waiting in the queue before a run starts'),
  })
  .describe('Retrain when objects land under a lake prefix: S3 event notifications to an SQS queue, a KEDA ScaledJob with an SQS trigger');

export const retraining = z
  .strictObject({
    model: dnsLabel.describe('The model this app trains: its name in MLflow and in workloads:models'),
    cooldown: duration.default(RETRAINING_DEFAULTS.cooldown).describe('No run starts within this long of the last one that started, whatever fires'),
    drift: driftTrigger.optional(),
    newData: newDataTrigger.optional(),
  })
  .describe('Retraining of a model: the schedule, and optionally drift and new data, start runs; one at a time per model, with a cooldown');
export type Retraining = z.output<typeof retraining>;

/** The triggers a retraining app declares, its schedule first. */
export function retrainingTriggers(spec: Retraining): RetrainingTrigger[] {
  return RETRAINING_TRIGGERS.filter((trigger) => trigger === 'schedule' || spec[trigger] !== undefined);
}
