import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerModelAge } from './drift-metrics.ts';
import { pinnedModelFromEnv } from './artifact.ts';

describe('the serving model’s age', () => {
  it('exports when the pinned version was registered, from the variables the render sets', async () => {
    const pin = pinnedModelFromEnv({ MODEL_URI: 's3://b/acme/churn/r1/model.json', MODEL_SHA256: 'a'.repeat(64), MODEL_VERSION: '8', MODEL_REGISTERED_AT: '2026-11-24T03:00:00Z' })!;
    const registry = new Registry();
    registerModelAge(registry, 'acme-churn', { version: pin.version, registeredAt: pin.registeredAt! });
    expect(await registry.metrics()).toContain('model_registered_timestamp_seconds{model="acme-churn",version="8"} 1795489200');
  });

  it('refuses a registration time that is not one', () => {
    expect(() => registerModelAge(new Registry(), 'acme-churn', { version: '8', registeredAt: 'yesterday' })).toThrow(/registeredAt "yesterday" is not a time/);
  });
});
