import { describe, expect, it } from 'vitest';
import { parseWorkload } from './parse-workload.ts';
import { resolveForEnvironment } from './resolve-environment.ts';

const workload = parseWorkload(
  `apiVersion: workbench.dev/v1
kind: service
customer: acme
owner: acme-ds
description: d
port: 8080
replicas: 1
resources: { cpu: 100m, memory: 128Mi }
env: { LOG_LEVEL: debug, REGION: eu }
environments:
  production:
    autoscaling: { minReplicas: 3, maxReplicas: 9 }
    env: { LOG_LEVEL: info }
    resources: { cpu: 500m, memory: 512Mi }
`,
  'workload.yaml',
);

describe('resolveForEnvironment', () => {
  it('uses the defaults where an environment has no overrides', () => {
    const staging = resolveForEnvironment(workload, 'staging');
    expect(staging).toMatchObject({ replicas: 1, resources: { cpu: '100m' }, env: { LOG_LEVEL: 'debug', REGION: 'eu' } });
    expect(staging).not.toHaveProperty('environments');
  });

  it('replaces fields and merges env key by key', () => {
    const production = resolveForEnvironment(workload, 'production');
    expect(production.resources).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(production.env).toEqual({ LOG_LEVEL: 'info', REGION: 'eu' });
    expect(production.autoscaling).toMatchObject({ minReplicas: 3, maxReplicas: 9 });
    expect(production.replicas).toBeUndefined();
  });
});
