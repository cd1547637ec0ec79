import { readValidated, type Storage } from '@workbench/data-sdk';
import {
  accuracy,
  type ArtifactMetadata,
  buildReferenceProfile,
  type MlflowClient,
  precision,
  predictProbability,
  recall,
  rocAuc,
  saveArtifact,
  trainLogisticRegression,
} from '@workbench/ml-sdk';
import type { Logger } from '@workbench/platform-sdk';
import { customersContract, FEATURES } from './customers-contract.js';

export interface RetrainOptions {
  dataUri: string;
  outputPath: string;
  /** The new model is written only when its holdout ROC AUC reaches this. */
  minAuc: number;
  /** Fail when more than this share of rows breaks the contract. */
  maxInvalidRatio: number;
  modelVersion: string;
  logger: Logger;
  storage?: Storage;
  mlflow?: MlflowClient;
  /** What started this run (`schedule`, `drift`, `newData`): recorded on the MLflow run. */
  trigger?: string;
}

export interface RetrainResult {
  published: boolean;
  metrics: { auc: number; accuracy: number; precision: number; recall: number };
  rows: { total: number; valid: number; invalid: number; train: number; holdout: number };
}

export class TrainingDataError extends Error {}

/**
 * Validates the training data, trains on 80% of it (a stable split by customer id), evaluates on
 * the rest, and writes the artifact only when it beats the threshold.
 */
export async function retrain(options: RetrainOptions): Promise<RetrainResult> {
  const { logger } = options;
  const { records, report } = readValidated(customersContract, options.dataUri, options.storage ? { storage: options.storage } : {});
  const train: { x: number[]; y: number }[] = [];
  const holdout: { x: number[]; y: number }[] = [];
  for await (const customer of records) {
    const example = {
      x: [customer.tenure_months, customer.monthly_charges, customer.support_tickets, customer.contract === 'monthly' ? 1 : 0],
      y: customer.churned,
    };
    (Number(customer.customer_id.slice(1)) % 5 === 0 ? holdout : train).push(example);
  }
  for (const error of report.errors) logger.warn('row rejected by contract', { ...error, contract: report.contract });
  const invalidRatio = report.rows === 0 ? 1 : report.invalid / report.rows;
  if (invalidRatio > options.maxInvalidRatio) {
    throw new TrainingDataError(
      `${report.invalid} of ${report.rows} rows in ${options.dataUri} break contract "${report.contract}" ` +
        `(${(invalidRatio * 100).toFixed(1)}% > ${(options.maxInvalidRatio * 100).toFixed(1)}% allowed)`,
    );
  }

  const params = { epochs: 800, learningRate: 0.2, l2: 0.001 };
  const model = trainLogisticRegression([...FEATURES], train.map((e) => e.x), train.map((e) => e.y), params);
  const labels = holdout.map((e) => e.y);
  const scores = holdout.map((e) => predictProbability(model, e.x));
  const predicted = scores.map((s) => (s >= 0.5 ? 1 : 0));
  const metrics = {
    auc: rocAuc(labels, scores),
    accuracy: accuracy(labels, predicted),
    precision: precision(labels, predicted),
    recall: recall(labels, predicted),
  };
  const rows = { total: report.rows, valid: report.valid, invalid: report.invalid, train: train.length, holdout: holdout.length };
  logger.info('model evaluated', { ...metrics, ...rows, minAuc: options.minAuc });

  const published = metrics.auc >= options.minAuc;
  if (published) {
    const metadata: ArtifactMetadata = {
      name: 'acme-churn',
      version: options.modelVersion,
      algorithm: 'logistic-regression',
      metrics,
      params,
      labels: { trainingData: options.dataUri },
    };
    // The training data as the serving app's drift monitor will compare live requests with it.
    const profile = buildReferenceProfile(
      train.map((e) => Object.fromEntries(FEATURES.map((feature, i) => [feature, e.x[i]]))),
      train.map((e) => predictProbability(model, e.x)),
    );
    await saveArtifact(options.outputPath, metadata, model, profile);
    logger.info('model published', { path: options.outputPath, version: options.modelVersion });
  } else {
    logger.warn('model not published: below threshold', { auc: metrics.auc, minAuc: options.minAuc });
  }
  await track(options, params, metrics, published);
  return { published, metrics, rows };
}

async function track(options: RetrainOptions, params: Record<string, number>, metrics: Record<string, number>, published: boolean) {
  const { mlflow } = options;
  if (!mlflow) return;
  const experiment = await mlflow.ensureExperiment('acme-churn');
  const run = await mlflow.createRun(experiment, `retrain-${options.modelVersion}`, { published: String(published), ...(options.trigger ? { 'workbench.retraining_trigger': options.trigger } : {}) });
  for (const [key, value] of Object.entries(params)) await mlflow.logParam(run, key, value);
  for (const [key, value] of Object.entries(metrics)) await mlflow.logMetric(run, key, value);
  if (published) await mlflow.registerModelVersion('acme-churn', options.outputPath, run);
  await mlflow.endRun(run);
}
