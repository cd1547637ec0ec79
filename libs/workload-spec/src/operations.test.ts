import { describe, expect, it } from 'vitest';
import { durationSeconds } from './operations.ts';
import { parseWorkload, WorkloadSpecError } from './parse-workload.ts';
import { resolveForEnvironment } from './resolve-environment.ts';

const base = (kind: string, extra: string) => `apiVersion: workbench.dev/v1
kind: ${kind}
customer: acme
owner: acme-ds
description: d
resources: { cpu: 100m, memory: 128Mi }
${extra}`;

const problemsOf = (text: string) => {
  try {
    parseWorkload(text, 'workload.yaml');
    return [];
  } catch (error) {
    return (error as InstanceType<typeof WorkloadSpecError>).problems.map((p) => `${p.field}: ${p.message}`);
  }
};

describe('operations in workload.yaml', () => {
  it('gives every kind its alert thresholds, objectives, retries and deadlines by default', () => {
    const service = parseWorkload(base('service', 'port: 8080\n'), 'workload.yaml');
    expect(service).toMatchObject({ slo: { availability: 99.5, latencyMs: 500, latencyObjective: 99 }, alerts: { notReadyFor: '10m', restarts: 3 } });
    const cron = parseWorkload(base('cron', 'schedule: "0 3 * * *"\n'), 'workload.yaml');
    expect(cron).toMatchObject({ retries: 2, deadline: '6h', startingDeadline: '10m', concurrency: 'Forbid', alerts: { missedRuns: 2 } });
    const job = parseWorkload(base('job', ''), 'workload.yaml');
    expect(job).toMatchObject({ retries: 2, deadline: '6h', alerts: {} });
  });

  it('merges an environment override of one threshold or objective with the rest', () => {
    const service = parseWorkload(
      base('service', 'port: 8080\nslo: { availability: 99.9 }\nalerts: { restarts: 5 }\nenvironments:\n  staging:\n    slo: { latencyMs: 1000 }\n    alerts: { notReadyFor: 30m }\n'),
      'workload.yaml',
    );
    const staging = resolveForEnvironment(service, 'staging');
    expect(staging).toMatchObject({ slo: { availability: 99.9, latencyMs: 1000, latencyObjective: 99 }, alerts: { notReadyFor: '30m', restarts: 5 } });
    expect(resolveForEnvironment(service, 'production')).toMatchObject({ slo: { availability: 99.9, latencyMs: 500 }, alerts: { notReadyFor: '10m' } });
  });

  it('refuses thresholds of another kind, a latency that is no exported bucket, and durations it cannot read', () => {
    expect(problemsOf(base('service', 'port: 8080\nalerts: { missedRuns: 3 }\n')).join('\n')).toMatch(/alerts.*missedRuns/);
    expect(problemsOf(base('service', 'port: 8080\nslo: { latencyMs: 300 }\n')).join('\n')).toMatch(/slo.latencyMs: expected one of the latency buckets services export: 5, 10, 25, 50, 100, 250, 500, 1000, 2500/);
    expect(problemsOf(base('job', 'deadline: 2 hours\n')).join('\n')).toMatch(/deadline: expected a duration such as 90s, 10m, 6h or 1d/);
    expect(problemsOf(base('cron', 'schedule: "0 3 * * *"\nconcurrency: Sometimes\n')).join('\n')).toMatch(/concurrency/);
    expect(problemsOf(base('service', 'port: 8080\nretries: 3\n')).join('\n')).toMatch(/retries/);
    expect(problemsOf(base('service', 'port: 8080\nslo: { availability: 100 }\n')).join('\n')).toMatch(/slo.availability/);
  });

  it('reads durations in seconds', () => {
    expect([durationSeconds('90s'), durationSeconds('10m'), durationSeconds('6h'), durationSeconds('1d')]).toEqual([90, 600, 21600, 86400]);
  });
});
