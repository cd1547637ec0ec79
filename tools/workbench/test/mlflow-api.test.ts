import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlflowClient } from '@workbench/ml-sdk/mlflow-client';
import { publishModelVersion, REGISTRY_TAGS, releasableVersions } from '@workbench/ml-sdk/model-registry';
import { MlflowApiServer } from './support/mlflow-api-server.js';

// The MLflow client against a stand-in that checks every request and answer against MLflow's
// published REST API (support/mlflow-rest-api.json), as the GitHub client is checked against
// GitHub's OpenAPI description.
let server: MlflowApiServer;
let client: MlflowClient;
beforeAll(async () => {
  server = new MlflowApiServer();
  client = new MlflowClient({ trackingUri: await server.start(), token: 't0k' });
});
afterAll(() => server.stop());

const SHA = 'a'.repeat(64);

describe('the MLflow client against MLflow’s published REST API', () => {
  it('tracks a run and registers versions with Workbench’s tags, then reads back the releasable ones across pages', async () => {
    const experiment = await client.ensureExperiment('acme-churn');
    expect(await client.ensureExperiment('acme-churn')).toBe(experiment);
    const published: string[] = [];
    for (const [i, passed] of [true, false, true].entries()) {
      const run = await client.createRun(experiment, `retrain-${i}`, { 'workbench.retraining_trigger': 'drift' });
      await client.logParam(run, 'epochs', 800);
      await client.logMetric(run, 'auc', [0.8, 0.81, 0.82][i]!);
      await client.setRunTag(run, 'published', String(passed));
      await client.endRun(run);
      published.push(
        await publishModelVersion(client, 'acme-churn', run, { artifact: `lake://models/acme/churn/${run}/model.json`, sha256: SHA, passedBar: passed, trigger: 'drift', dataWindow: 'lake://raw/acme/exports/', baselineVersion: '1' }),
      );
    }
    expect(published).toEqual(['1', '2', '3']);
    const reading = await releasableVersions(client, 'acme-churn');
    expect(reading.releasable.map((v) => [v.version, v.artifact, v.trigger, v.metrics.auc])).toEqual([
      ['3', 'lake://models/acme/churn/run-3/model.json', 'drift', 0.82],
      ['1', 'lake://models/acme/churn/run-1/model.json', 'drift', 0.8],
    ]);
    expect(reading.releasable[0]!.registeredAt).toBe('2026-11-24T03:00:00.000Z');
    expect(reading.leftOut).toEqual([{ version: '2', why: `it did not pass its bar (tag ${REGISTRY_TAGS.passedBar} is not "true")` }]);
    // Three versions with pages of two: the client followed next_page_token.
    expect(server.requests.filter((r) => r.endpoint === 'model-versions/search').map((r) => r.body.page_token ?? null)).toEqual([null, '2']);
    expect(server.violations).toEqual([]);
  });

  it('an unknown model has no versions; the stand-in refuses what the published API does not describe', async () => {
    expect(await releasableVersions(client, 'nobody-model')).toEqual({ releasable: [], leftOut: [] });
    expect(server.violations).toEqual([]);
    // The check can fail: a field MLflow does not know, a missing required one, an undocumented endpoint.
    const post = (endpoint: string, body: unknown) => fetch(`${server.baseUrl}/api/2.0/mlflow/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('model-versions/create', { name: 'm', source: 's', metrics: [] })).status).toBe(400);
    expect((await post('runs/log-metric', { run_id: 'run-1', key: 'auc', value: 0.9 })).status).toBe(400);
    expect((await post('model-versions/promote', { name: 'm' })).status).toBe(400);
    expect(server.violations).toEqual([
      'model-versions/create body: unknown field "metrics"',
      'runs/log-metric body: missing required field "timestamp"',
      'undocumented endpoint POST /api/2.0/mlflow/model-versions/promote',
    ]);
    server.violations.length = 0;
  });
});
