import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArtifact, type MlflowClient } from '@workbench/ml-sdk';
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

  it('tracks params, metrics and the registered version in MLflow when configured', async () => {
    const { logger } = setup();
    const mlflow = {
      ensureExperiment: vi.fn(async () => 'exp'),
      createRun: vi.fn(async () => 'run'),
      logParam: vi.fn(async () => undefined),
      logMetric: vi.fn(async () => undefined),
      registerModelVersion: vi.fn(async () => '1'),
      endRun: vi.fn(async () => undefined),
    };
    const outputPath = join(await tempDir(), 'model.json');
    await retrain({ dataUri: sampleData, outputPath, minAuc: 0.75, maxInvalidRatio: 0.01, modelVersion: '44', logger, mlflow: mlflow as unknown as MlflowClient, trigger: 'drift' });
    // The run records what started it.
    expect(mlflow.createRun).toHaveBeenCalledWith('exp', 'retrain-44', { published: 'true', 'workbench.retraining_trigger': 'drift' });
    expect(mlflow.logMetric).toHaveBeenCalledWith('run', 'auc', expect.any(Number));
    expect(mlflow.registerModelVersion).toHaveBeenCalledWith('acme-churn', outputPath, 'run');
    expect(mlflow.endRun).toHaveBeenCalledWith('run');
  });
});
