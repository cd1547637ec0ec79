import { describe, expect, it } from 'vitest';
import { parseWorkload } from './parse-workload.ts';
import { resolvedProblems, resolveForEnvironment } from './resolve-environment.ts';

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
    if (production.kind !== 'service') throw new Error('a service');
    expect(production.resources).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(production.env).toEqual({ LOG_LEVEL: 'info', REGION: 'eu' });
    expect(production.autoscaling).toMatchObject({ minReplicas: 3, maxReplicas: 9 });
    expect(production.replicas).toBeUndefined();
  });
});

describe('stack-config overrides', () => {
  it('go through the same rules: a fixed replica count replaces autoscaling instead of keeping both', () => {
    const production = resolveForEnvironment(workload, 'production', { replicas: 4 });
    if (production.kind !== 'service') throw new Error('a service');
    expect(production.replicas).toBe(4);
    expect(production.autoscaling).toBeUndefined();
    expect(production.resources).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(resolvedProblems(production)).toEqual([]);
  });

  it('are checked again with the workload: replicas on a job, requests above the limits', () => {
    const job = parseWorkload('apiVersion: workbench.dev/v1\nkind: job\ncustomer: acme\nowner: o\ndescription: d\nresources: { cpu: 100m, memory: 128Mi, limits: { cpu: 200m } }\n', 'workload.yaml');
    expect(resolvedProblems(resolveForEnvironment(job, 'staging', { replicas: 2 }))).toEqual(['replicas: a job has no such field']);
    expect(resolvedProblems(resolveForEnvironment(job, 'staging', { resources: { cpu: '500m', memory: '128Mi', limits: { cpu: '200m' } } }))).toEqual([
      expect.stringMatching(/^resources/),
    ]);
  });
});
