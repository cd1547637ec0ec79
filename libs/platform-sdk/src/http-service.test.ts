import { afterEach, describe, expect, it } from 'vitest';
import { createHttpService, HttpError, type HttpService } from './http-service.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';

let service: HttpService | undefined;
afterEach(async () => {
  await service?.close().catch(() => undefined);
  service = undefined;
});

async function start(options: { ready?: () => boolean } = {}) {
  service = createHttpService({
    logger: createLogger({ service: 'test', write: () => undefined }),
    metrics: createMetrics('test', { defaultMetrics: false }),
    routes: {
      'POST /echo': ({ body }) => ({ status: 200, body: { received: body } }),
      'POST /reject': () => {
        throw new HttpError(422, 'features missing');
      },
      'GET /boom': () => {
        throw new Error('bug');
      },
    },
    readinessChecks: { model: options.ready ?? (() => true) },
  });
  const port = await service.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

describe('createHttpService', () => {
  it('answers liveness and readiness', async () => {
    let ready = false;
    const base = await start({ ready: () => ready });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not-ready', checks: { model: false } });
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('routes JSON requests and maps errors to status codes', async () => {
    const base = await start();
    const echo = await fetch(`${base}/echo`, { method: 'POST', body: JSON.stringify({ a: 1 }) });
    expect(await echo.json()).toEqual({ received: { a: 1 } });
    const rejected = await fetch(`${base}/reject`, { method: 'POST' });
    expect(rejected.status).toBe(422);
    expect(await rejected.json()).toEqual({ error: 'features missing' });
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const badJson = await fetch(`${base}/echo`, { method: 'POST', body: '{oops' });
    expect(badJson.status).toBe(400);
  });

  it('exposes Prometheus metrics that count requests', async () => {
    const base = await start();
    await fetch(`${base}/echo`, { method: 'POST', body: '{}' });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/echo",status="200",service="test"\} 1/);
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  it('stops accepting requests once closed', async () => {
    const base = await start();
    const current = service!;
    const keepAlive = await fetch(`${base}/readyz`, { headers: { connection: 'keep-alive' } });
    expect(keepAlive.status).toBe(200);
    const closing = current.close();
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
    await closing;
  });
});
