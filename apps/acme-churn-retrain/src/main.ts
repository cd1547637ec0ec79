import { mlflowFromEnv } from '@workbench/ml-sdk';
import { retrainingRunFromEnv, takeRetrainingRun } from '@workbench/ml-sdk/retraining-lease';
import { createLogger, loadConfig } from '@workbench/platform-sdk';
import { z } from 'zod';
import { retrain, TrainingDataError } from './retrain.js';

const config = loadConfig(
  z.object({
    DATA_URI: z.string().default('data/customers.csv'),
    OUTPUT_PATH: z.string().default('dist/model/churn-model.json'),
    MIN_AUC: z.coerce.number().min(0.5).max(1).default(0.75),
    MAX_INVALID_RATIO: z.coerce.number().min(0).max(1).default(0.01),
    MODEL_VERSION: z.string().default('dev'),
    // The model's lake folder as this environment's bucket (the render resolves lake://).
    MODEL_STORE_URI: z.string().optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  }),
);
const logger = createLogger({ service: 'acme-churn-retrain', level: config.LOG_LEVEL });
const mlflow = mlflowFromEnv();

// One run per model at a time, none within the cooldown, whichever trigger started this one
// (in the cluster; a local run takes no lease).
const request = retrainingRunFromEnv();
const run = request ? await takeRetrainingRun(request) : undefined;
if (run && !run.run) {
  // A normal outcome: the job succeeds, and says why it did not train.
  logger.info('retraining skipped', { reason: run.reason, detail: run.detail, trigger: request?.trigger });
  process.exit(0);
}

try {
  const result = await retrain({
    ...(request ? { trigger: request.trigger } : {}),
    dataUri: config.DATA_URI,
    outputPath: config.OUTPUT_PATH,
    minAuc: config.MIN_AUC,
    maxInvalidRatio: config.MAX_INVALID_RATIO,
    modelVersion: config.MODEL_VERSION,
    logger,
    ...(mlflow ? { mlflow } : {}),
    ...(config.MODEL_STORE_URI ? { artifactStore: { uri: config.MODEL_STORE_URI, lake: 'lake://models/acme/churn/' } } : {}),
  });
  // Below the threshold is a normal outcome: the job succeeds and the old model keeps serving.
  logger.info('retrain finished', { published: result.published, registeredVersion: result.registeredVersion, baseline: result.baseline });
} catch (error) {
  logger.error('retrain failed', { error });
  process.exitCode = error instanceof TrainingDataError ? 2 : 1;
} finally {
  if (run?.run) await run.release();
}
