import { LATENCY_BUCKETS_SECONDS } from '@workbench/workload-spec';
import { describe, expect, it } from 'vitest';
import { createMetrics, HTTP_DURATION_BUCKETS } from './metrics.ts';

describe('service metrics', () => {
  it('exports the request-duration buckets that latency objectives in workload.yaml are counted from', async () => {
    expect(HTTP_DURATION_BUCKETS).toEqual([...LATENCY_BUCKETS_SECONDS]);
    const { registry, httpDuration } = createMetrics('shop-api', { defaultMetrics: false });
    httpDuration.observe({ method: 'GET', route: '/' }, 0.3);
    const text = await registry.metrics();
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.5",service="shop-api",method="GET",route="/"} 1');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.25",service="shop-api",method="GET",route="/"} 0');
  });
});
