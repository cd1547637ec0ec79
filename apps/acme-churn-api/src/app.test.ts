import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createMetrics, type HttpService } from '@workbench/platform-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChurnApi } from './app.js';
import { type ChurnScore, ChurnModel } from './churn-model.js';

const shippedModel = fileURLToPath(new URL('../model/churn-model.json', import.meta.url));
let api: HttpService;
let base: string;

beforeAll(async () => {
  const model = await ChurnModel.load(shippedModel);
  api = createChurnApi(model, createLogger({ service: 'test', write: () => undefined }), createMetrics('test', { defaultMetrics: false }));
  base = `http://127.0.0.1:${await api.listen(0, '127.0.0.1')}`;
});
afterAll(() => api.close());

const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });

describe('churn API', () => {
  it('scores a risky customer high and a loyal one low', async () => {
    const risky = await post('/v1/score', { customerId: 'C1', tenureMonths: 2, monthlyCharges: 110, supportTickets: 6, contract: 'monthly' });
    expect(risky.status).toBe(200);
    expect(await risky.json()).toMatchObject({ customerId: 'C1', churnRisk: 'high', modelVersion: '2026-11-22' });
    const loyal = (await (await post('/v1/score', { tenureMonths: 70, monthlyCharges: 25, supportTickets: 0, contract: 'annual' })).json()) as ChurnScore;
    expect(loyal.churnRisk).toBe('low');
    expect(loyal.churnProbability).toBeLessThan(0.3);
  });

  it('scores a batch in order', async () => {
    const response = await post('/v1/score/batch', {
      customers: [
        { tenureMonths: 2, monthlyCharges: 110, supportTickets: 6, contract: 'monthly' },
        { tenureMonths: 70, monthlyCharges: 25, supportTickets: 0, contract: 'annual' },
      ],
    });
    const { scores } = (await response.json()) as { scores: ChurnScore[] };
    expect(scores.map((s) => s.churnRisk)).toEqual(['high', 'low']);
  });

  it('answers 422 naming the bad field', async () => {
    const response = await post('/v1/score', { tenureMonths: -1, monthlyCharges: 10, supportTickets: 0, contract: 'monthly' });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: string }).error).toMatch(/^tenureMonths:/);
  });

  it('exports the drift of live requests against the training data, one series per model feature', async () => {
    for (let i = 0; i < 20; i++) await post('/v1/score', { tenureMonths: 1, monthlyCharges: 500, supportTickets: 9, contract: 'monthly' });
    const text = await (await fetch(`${base}/metrics`)).text();
    const value = (metric: string, ...labels: string[]) => {
      const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && labels.every((label) => l.includes(label)));
      return Number(line?.split(' ').pop());
    };
    expect(value('model_drift_window_requests', 'model="acme-churn"')).toBeGreaterThanOrEqual(20);
    // Charges of 500 are far outside what the model was trained on.
    expect(value('model_feature_out_of_range_ratio', 'model="acme-churn"', 'feature="monthly_charges"')).toBeGreaterThan(0.5);
    expect(value('model_feature_psi', 'model="acme-churn"', 'feature="monthly_charges"')).toBeGreaterThan(0.25);
    expect(text.match(/^model_feature_psi\{/gm)).toHaveLength(4);
  });

  it('is ready with a model loaded and reports its version', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/v1/model`)).json()).toEqual({ name: 'acme-churn', version: '2026-11-22' });
  });
});

describe('ChurnModel.load', () => {
  it('refuses a tampered model file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'churn-')), 'model.json');
    await copyFile(shippedModel, path);
    const artifact = JSON.parse(await readFile(path, 'utf8'));
    artifact.model.bias += 1;
    await writeFile(path, JSON.stringify(artifact));
    await expect(ChurnModel.load(path)).rejects.toThrow(/modified after it was saved/);
  });
});
