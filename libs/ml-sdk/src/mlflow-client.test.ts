import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MlflowClient, MlflowError, mlflowFromEnv } from './mlflow-client.ts';

interface Call {
  method: string;
  url: string;
  body: unknown;
  auth: string | undefined;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A fake MLflow server on 127.0.0.1 that records calls and answers like the real REST API. */
async function fakeMlflow(responses: Record<string, { status: number; body: unknown }>) {
  const calls: Call[] = [];
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    calls.push({ method: req.method!, url: req.url!, body: raw ? JSON.parse(raw) : undefined, auth: req.headers.authorization });
    const path = req.url!.split('?')[0]!.replace('/api/2.0/mlflow/', '');
    const response = responses[path] ?? { status: 200, body: {} };
    res.writeHead(response.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(response.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const uri = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
  return { calls, client: new MlflowClient({ trackingUri: uri, token: 't0k', now: () => 1700000000000 }) };
}

describe('MlflowClient', () => {
  it('tracks a run: experiment, run, params, metrics, end, model version', async () => {
    const { calls, client } = await fakeMlflow({
      'experiments/get-by-name': { status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } },
      'experiments/create': { status: 200, body: { experiment_id: '7' } },
      'runs/create': { status: 200, body: { run: { info: { run_id: 'run-1' } } } },
      'registered-models/create': { status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS' } },
      'model-versions/create': { status: 200, body: { model_version: { version: '4' } } },
    });
    const experiment = await client.ensureExperiment('acme churn');
    const run = await client.createRun(experiment, 'retrain', { commit: 'abc' });
    await client.logParam(run, 'epochs', 500);
    await client.logMetric(run, 'auc', 0.83);
    await client.endRun(run);
    const version = await client.registerModelVersion('acme-churn', 's3://models/churn.json', run);

    expect([experiment, run, version]).toEqual(['7', 'run-1', '4']);
    expect(calls.map((c) => `${c.method} ${c.url.split('?')[0]}`)).toEqual([
      'GET /api/2.0/mlflow/experiments/get-by-name',
      'POST /api/2.0/mlflow/experiments/create',
      'POST /api/2.0/mlflow/runs/create',
      'POST /api/2.0/mlflow/runs/log-parameter',
      'POST /api/2.0/mlflow/runs/log-metric',
      'POST /api/2.0/mlflow/runs/update',
      'POST /api/2.0/mlflow/registered-models/create',
      'POST /api/2.0/mlflow/model-versions/create',
    ]);
    expect(calls[0]!.url).toContain('experiment_name=acme%20churn');
    expect(calls[2]!.body).toEqual({ experiment_id: '7', run_name: 'retrain', start_time: 1700000000000, tags: [{ key: 'commit', value: 'abc' }] });
    expect(calls[3]!.body).toEqual({ run_id: 'run-1', key: 'epochs', value: '500' });
    expect(calls[4]!.body).toEqual({ run_id: 'run-1', key: 'auc', value: 0.83, timestamp: 1700000000000, step: 0 });
    expect(calls.every((c) => c.auth === 'Bearer t0k')).toBe(true);
  });

  it('raises an error with the endpoint and status on failure', async () => {
    const { client } = await fakeMlflow({ 'runs/log-metric': { status: 500, body: { message: 'db down' } } });
    const failure = client.logMetric('r', 'auc', 1);
    await expect(failure).rejects.toBeInstanceOf(MlflowError);
    await expect(client.logMetric('r', 'auc', 1)).rejects.toThrow(/runs\/log-metric failed with HTTP 500: .*db down/);
  });
});

describe('mlflowFromEnv', () => {
  it('is off unless MLFLOW_TRACKING_URI is set', () => {
    expect(mlflowFromEnv({})).toBeUndefined();
    expect(mlflowFromEnv({ MLFLOW_TRACKING_URI: 'http://mlflow:5000' })).toBeInstanceOf(MlflowClient);
  });
});
