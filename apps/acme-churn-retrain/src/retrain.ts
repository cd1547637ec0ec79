import { createStorage, readValidated, type Storage } from '@workbench/data-sdk';
import {
  accuracy,
  publishModelVersion,
  type ReleasableVersion,
  releasableVersions,
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
  /**
   * Where a new model goes in the lake: `uri` is the model's folder as this environment's bucket
   * (`s3://…/acme/churn/`), `lake` the same folder as `lake://models/acme/churn/`, the form a
   * pin names. Without it the artifact stays at `outputPath` and is not releasable.
   */
  artifactStore?: { uri: string; lake: string };
  /** Names the artifact's folder in the store; default: the time of the run. */
  runKey?: string;
}

/** The model's name in MLflow's registry: `<customer>-<model>`, as `workloads:models` keys it. */
export const REGISTERED_MODEL = 'acme-churn';

export interface RetrainResult {
  published: boolean;
  /** The version it was compared with: the newest registered past its bar. */
  baseline?: { version: string; auc: number };
  /** The MLflow version it was registered as, when published and tracked. */
  registeredVersion?: string;
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

  // The bar: the threshold, and no worse than the newest version already past it.
  const baseline = options.mlflow ? (await releasableVersions(options.mlflow, REGISTERED_MODEL)).releasable[0] : undefined;
  const baselineAuc = baseline?.metrics.auc;
  const published = metrics.auc >= options.minAuc && (baselineAuc === undefined || metrics.auc >= baselineAuc);
  let stored: { artifact: string; sha256: string } | undefined;
  if (published) {
    const metadata: ArtifactMetadata = {
      name: REGISTERED_MODEL,
      version: options.modelVersion,
      algorithm: 'logistic-regression',
      metrics,
      params,
      labels: { trainingData: options.dataUri, ...(options.trigger ? { trigger: options.trigger } : {}) },
    };
    // The training data as the serving app's drift monitor will compare live requests with it.
    const profile = buildReferenceProfile(
      train.map((e) => Object.fromEntries(FEATURES.map((feature, i) => [feature, e.x[i]]))),
      train.map((e) => predictProbability(model, e.x)),
    );
    const artifact = await saveArtifact(options.outputPath, metadata, model, profile);
    logger.info('model published', { path: options.outputPath, version: options.modelVersion });
    if (options.artifactStore) {
      const key = `${options.runKey ?? new Date().toISOString().replace(/[:.]/g, '-')}/model.json`;
      await (options.storage ?? createStorage()).write(`${options.artifactStore.uri}${key}`, JSON.stringify(artifact, null, 2) + '\n');
      stored = { artifact: `${options.artifactStore.lake}${key}`, sha256: artifact.sha256 };
      logger.info('model stored in the lake', { artifact: stored.artifact, sha256: stored.sha256 });
    }
  } else {
    logger.warn('model not published: below the bar', { auc: metrics.auc, minAuc: options.minAuc, ...(baseline ? { baselineVersion: baseline.version, baselineAuc } : {}) });
  }
  const registeredVersion = await track(options, params, metrics, published, baseline, stored);
  return { published, metrics, rows, ...(baseline && baselineAuc !== undefined ? { baseline: { version: baseline.version, auc: baselineAuc } } : {}), ...(registeredVersion ? { registeredVersion } : {}) };
}

/**
 * Records the run in MLflow: params, metrics, the baseline's metrics beside them (`baseline_auc`),
 * the trigger; a published model stored in the lake becomes a registered version with the tags
 * `workbench model release` reads.
 */
async function track(
  options: RetrainOptions,
  params: Record<string, number>,
  metrics: Record<string, number>,
  published: boolean,
  baseline: ReleasableVersion | undefined,
  stored: { artifact: string; sha256: string } | undefined,
): Promise<string | undefined> {
  const { mlflow } = options;
  if (!mlflow) return undefined;
  const experiment = await mlflow.ensureExperiment(REGISTERED_MODEL);
  const run = await mlflow.createRun(experiment, `retrain-${options.modelVersion}`, { published: String(published), ...(options.trigger ? { 'workbench.retraining_trigger': options.trigger } : {}) });
  for (const [key, value] of Object.entries(params)) await mlflow.logParam(run, key, value);
  for (const [key, value] of Object.entries(metrics)) await mlflow.logMetric(run, key, value);
  for (const [key, value] of Object.entries(baseline?.metrics ?? {})) await mlflow.logMetric(run, `baseline_${key}`, value);
  const version = stored
    ? await publishModelVersion(mlflow, REGISTERED_MODEL, run, {
        ...stored,
        passedBar: published,
        ...(options.trigger ? { trigger: options.trigger } : {}),
        dataWindow: options.dataUri,
        ...(baseline ? { baselineVersion: baseline.version } : {}),
      })
    : undefined;
  await mlflow.endRun(run);
  return version;
}
