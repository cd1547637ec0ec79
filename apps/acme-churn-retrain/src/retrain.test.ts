import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArtifact, type MlflowClient } from '@workbench/ml-sdk';
import { createStorage } from '@workbench/data-sdk';
import { createLogger } from '@workbench/platform-sdk';
import { describe, expect, it, vi } from 'vitest';
import { retrain, TrainingDataError } from './retrain.js';

const sampleData = fileURLToPath(new URL('../data/customers.csv', import.meta.url));

function setup() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service: 'test', write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'retrain-'));
}

describe('retrain', () => {
  it('trains on the sample data, beats the threshold and publishes a verifiable artifact', async () => {
    const { logger, lines } = setup();
    const outputPath = join(await tempDir(), 'model.json');
    const result = await retrain({ dataUri: sampleData, outputPath, minAuc: 0.75, maxInvalidRatio: 0.01, modelVersion: '42', logger });
    expect(result.published).toBe(true);
    expect(result.metrics.auc).toBeGreaterThan(0.75);
    expect(result.rows).toMatchObject({ total: 402, valid: 400, invalid: 2 });
    expect(result.rows.train + result.rows.holdout).toBe(400);
    const artifact = await loadArtifact(outputPath);
    expect(artifact.metadata).toMatchObject({ name: 'acme-churn', version: '42', algorithm: 'logistic-regression' });
    expect(artifact.model).toMatchObject({ features: ['tenure_months', 'monthly_charges', 'support_tickets', 'monthly_contract'] });
    // The reference profile of the training rows travels inside the artifact's hash.
    expect(Object.keys(artifact.profile!.features)).toEqual(['monthly_charges', 'monthly_contract', 'support_tickets', 'tenure_months']);
    expect(artifact.profile!.rows).toBe(result.rows.train);
    // The two bad rows of the sample are logged with their line and field.
    const rejected = lines.filter((l) => l.msg === 'row rejected by contract');
    expect(rejected.map((l) => `${l.line}:${l.field}`)).toEqual(['121:tenure_months', '261:monthly_charges', '261:contract']);
  });

  it('keeps the old model when the new one is not good enough', async () => {
    const { logger } = setup();
    const outputPath = join(await tempDir(), 'model.json');
    const result = await retrain({ dataUri: sampleData, outputPath, minAuc: 0.999, maxInvalidRatio: 0.01, modelVersion: '43', logger });
    expect(result.published).toBe(false);
    await expect(loadArtifact(outputPath)).rejects.toThrow(/cannot read/);
  });

  it('fails when too much of the data breaks the contract', async () => {
    const { logger } = setup();
    const dir = await tempDir();
    const dataUri = join(dir, 'bad.csv');
    await writeFile(dataUri, 'customer_id,tenure_months,monthly_charges,support_tickets,contract,churned\nC0001,x,1,1,monthly,0\nC0002,3,1,1,monthly,1\n');
    const run = retrain({ dataUri, outputPath: join(dir, 'm.json'), minAuc: 0.5, maxInvalidRatio: 0.01, modelVersion: '1', logger });
    await expect(run).rejects.toBeInstanceOf(TrainingDataError);
    await expect(retrain({ dataUri, outputPath: join(dir, 'm.json'), minAuc: 0.5, maxInvalidRatio: 0.01, modelVersion: '1', logger })).rejects.toThrow(
      /1 of 2 rows .* break contract "acme-customers"/,
    );
  });

  const fakeMlflow = (registered: { version: string; auc: number }[] = []) => ({
    ensureExperiment: vi.fn(async () => 'exp'),
    createRun: vi.fn(async () => 'run'),
    logParam: vi.fn(async () => undefined),
    logMetric: vi.fn(async () => undefined),
    modelVersions: vi.fn(async () =>
      registered.map((r) => ({
        name: 'acme-churn',
        version: r.version,
        creation_timestamp: 1,
        run_id: `run-${r.version}`,
        status: 'READY',
        tags: [
          { key: 'workbench.passed_bar', value: 'true' },
          { key: 'workbench.artifact', value: `lake://models/acme/churn/${r.version}/model.json` },
          { key: 'workbench.sha256', value: 'a'.repeat(64) },
        ],
      })),
    ),
    getRun: vi.fn(async (runId: string) => ({ info: { run_id: runId }, data: { metrics: [{ key: 'auc', value: registered.find((r) => `run-${r.version}` === runId)!.auc }] } })),
    registerModelVersion: vi.fn(async () => '5'),
    endRun: vi.fn(async () => undefined),
  });
  const lake = () => {
    const writes = new Map<string, string>();
    // Reads go to the files; writes to the lake are kept.
    return { writes, storage: { openRead: createStorage().openRead, write: vi.fn(async (uri: string, data: string | Uint8Array) => void writes.set(uri, String(data))) } };
  };

  it('stores a model that beats the bar in the lake and registers it in MLflow with the tags model release reads', async () => {
    const { logger } = setup();
    const mlflow = fakeMlflow([{ version: '4', auc: 0.6 }]);
    const { writes, storage } = lake();
    const outputPath = join(await tempDir(), 'model.json');
    const result = await retrain({
      dataUri: sampleData,
      outputPath,
      minAuc: 0.75,
      maxInvalidRatio: 0.01,
      modelVersion: '44',
      logger,
      mlflow: mlflow as unknown as MlflowClient,
      trigger: 'drift',
      storage,
      artifactStore: { uri: 's3://workbench-staging-models/acme/churn/', lake: 'lake://models/acme/churn/' },
      runKey: 'r1',
    });
    expect(result).toMatchObject({ published: true, baseline: { version: '4', auc: 0.6 }, registeredVersion: '5' });
    // The run records what started it, its metrics and the baseline's beside them.
    expect(mlflow.createRun).toHaveBeenCalledWith('exp', 'retrain-44', { published: 'true', 'workbench.retraining_trigger': 'drift' });
    expect(mlflow.logMetric).toHaveBeenCalledWith('run', 'auc', result.metrics.auc);
    expect(mlflow.logMetric).toHaveBeenCalledWith('run', 'baseline_auc', 0.6);
    // The artifact in the lake is the one saved, hash and all; the version names it and its hash.
    const stored = await loadArtifact(outputPath);
    expect(JSON.parse(writes.get('s3://workbench-staging-models/acme/churn/r1/model.json')!).sha256).toBe(stored.sha256);
    expect(mlflow.registerModelVersion).toHaveBeenCalledWith('acme-churn', 'lake://models/acme/churn/r1/model.json', 'run', {
      'workbench.artifact': 'lake://models/acme/churn/r1/model.json',
      'workbench.sha256': stored.sha256,
      'workbench.passed_bar': 'true',
      'workbench.retraining_trigger': 'drift',
      'workbench.data_window': sampleData,
      'workbench.baseline_version': '4',
    });
    expect(mlflow.endRun).toHaveBeenCalledWith('run');
  });

  it('keeps the serving model when the new one is worse than the newest version past the bar', async () => {
    const { logger } = setup();
    const mlflow = fakeMlflow([{ version: '4', auc: 0.99 }]);
    const { writes, storage } = lake();
    const result = await retrain({
      dataUri: sampleData,
      outputPath: join(await tempDir(), 'model.json'),
      minAuc: 0.75,
      maxInvalidRatio: 0.01,
      modelVersion: '45',
      logger,
      mlflow: mlflow as unknown as MlflowClient,
      storage,
      artifactStore: { uri: 's3://b/acme/churn/', lake: 'lake://models/acme/churn/' },
    });
    expect(result.published).toBe(false);
    expect(writes.size).toBe(0);
    expect(mlflow.registerModelVersion).not.toHaveBeenCalled();
    expect(mlflow.logMetric).toHaveBeenCalledWith('run', 'baseline_auc', 0.99);
  });
});
