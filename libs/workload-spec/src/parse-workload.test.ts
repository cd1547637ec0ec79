import { describe, expect, it } from 'vitest';
import { parseWorkload, WorkloadSpecError, type WorkloadProblem } from './parse-workload.ts';

const service = `apiVersion: workbench.dev/v1
kind: service
customer: acme
owner: acme-data-science
description: Scores churn risk
port: 8080
resources:
  cpu: 250m
  memory: 256Mi
autoscaling:
  minReplicas: 2
  maxReplicas: 5
ingress:
  host: churn.acme.example.com
env:
  MODEL_PATH: /app/model/churn.json
secrets:
  - name: mlflow-token
    env: MLFLOW_TRACKING_TOKEN
    remoteKey: acme/acme-churn-api/mlflow-token
environments:
  production:
    autoscaling:
      minReplicas: 3
      maxReplicas: 10
`;

function problemsOf(text: string): WorkloadProblem[] {
  try {
    parseWorkload(text, 'apps/x/workload.yaml');
  } catch (error) {
    if (error instanceof WorkloadSpecError) return error.problems;
    throw error;
  }
  throw new Error('expected the workload to be refused');
}

describe('parseWorkload', () => {
  it('accepts a service and applies defaults', () => {
    const workload = parseWorkload(service, 'apps/x/workload.yaml');
    expect(workload).toMatchObject({
      kind: 'service',
      port: 8080,
      healthPath: '/healthz',
      readinessPath: '/readyz',
      ingress: { host: 'churn.acme.example.com', path: '/' },
      autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
      egress: [],
    });
    expect(workload.kind === 'service' && workload.environments.production?.autoscaling?.maxReplicas).toBe(10);
  });

  it('points at the file, line and field of a wrong value and says what was expected', () => {
    const problems = problemsOf(service.replace('cpu: 250m', 'cpu: lots'));
    expect(problems).toEqual([
      { file: 'apps/x/workload.yaml', line: 8, column: 8, field: 'resources.cpu', message: expect.stringContaining('"250m"') },
    ]);
  });

  it('names unknown fields, so typos do not pass silently', () => {
    const [problem] = problemsOf(service.replace('port: 8080', 'port: 8080\nreplica: 2'));
    expect(problem).toMatchObject({ line: 7, column: 1, field: 'replica', message: expect.stringContaining('unknown field "replica"') });
  });

  it('lists the accepted kinds for an unknown kind', () => {
    const [problem] = problemsOf(service.replace('kind: service', 'kind: daemon'));
    expect(problem).toMatchObject({ line: 2, field: 'kind', message: 'expected one of "service", "job", "cron", "spark-job"' });
  });

  it('points a missing required field at its parent', () => {
    const problems = problemsOf(service.replace('  memory: 256Mi\n', ''));
    expect(problems).toEqual([expect.objectContaining({ line: 8, field: 'resources.memory', message: expect.stringContaining('required') })]);
  });

  it('applies the rules of each kind', () => {
    const cronWithoutSchedule = service.replace('kind: service', 'kind: cron').replace(/ingress:\n.*\n/, '').replace(/autoscaling:\n( {2}.*\n)+/, '').replace('port: 8080\n', '');
    // The service's production autoscaling stays behind: a cron has none, there either.
    expect(problemsOf(cronWithoutSchedule).map((p) => p.field)).toEqual(['schedule', 'environments.production.autoscaling']);
    const jobWithPort = cronWithoutSchedule.replace('kind: cron', 'kind: job').replace('resources:', 'port: 8080\nresources:');
    expect(problemsOf(jobWithPort)).toEqual([expect.objectContaining({ field: 'environments.production.autoscaling' }), expect.objectContaining({ field: 'port', line: 6 })]);
    const serviceWithoutPort = service.replace('port: 8080\n', '');
    expect(problemsOf(serviceWithoutPort).map((p) => p.field)).toEqual(['port']);
  });

  it('refuses a field of another kind at the top level and in every environment, saying which kinds have it', () => {
    const job = [
      'apiVersion: workbench.dev/v1',
      'kind: job',
      'customer: acme',
      'owner: acme-ds',
      'description: d',
      'resources: { cpu: 100m, memory: 128Mi }',
      'environments:',
      '  production:',
      '    ingress: { host: x.acme.example.com }',
      '    schedule: "0 3 * * *"',
      '    autoscaling: { minReplicas: 1, maxReplicas: 2 }',
      '  staging:',
      '    replicas: 2',
      '',
    ].join('\n');
    const problems = problemsOf(job);
    expect(problems.map((p) => `${p.line}:${p.field}`)).toEqual(['9:environments.production.ingress', '10:environments.production.schedule', '11:environments.production.autoscaling', '13:environments.staging.replicas']);
    expect(problems[0]!.message).toBe('a job has no ingress (only service has it), so it would be ignored: remove it, or change kind. A job may set in environments.production: resources, env, alerts, retries, deadline');
    expect(problems[1]!.message).toContain('a job has no schedule (only cron, spark-job have it)');
    const [top] = problemsOf(job.replace(/environments:[\s\S]*/, 'suspend: true\n'));
    expect(top).toMatchObject({ field: 'suspend', message: expect.stringContaining('a job has no suspend (only cron, spark-job have it)') });
  });

  it('refuses replicas and autoscaling together in an environment, where neither would run', () => {
    const both = service.replace('  production:\n', '  production:\n    replicas: 3\n');
    expect(problemsOf(both)).toEqual([expect.objectContaining({ field: 'environments.production.replicas', message: 'set either replicas or autoscaling, not both' })]);
  });

  it('refuses credential-looking plain variables and sends them to secrets', () => {
    const [problem] = problemsOf(service.replace('MODEL_PATH: /app/model/churn.json', 'DB_PASSWORD: hunter2'));
    expect(problem).toMatchObject({ field: 'env.DB_PASSWORD', message: expect.stringContaining('secrets') });
  });

  it('refuses an unknown environment in overrides', () => {
    const [problem] = problemsOf(service.replace('  production:', '  prod:'));
    expect(problem?.field).toBe('environments.prod');
  });

  it('reports broken YAML with its position', () => {
    const [problem] = problemsOf('kind: service\n  port: [8080\n');
    expect(problem).toMatchObject({ field: '(yaml)', line: expect.any(Number) });
  });

  it('formats problems as file:line:column: field: message', () => {
    expect(() => parseWorkload(service.replace('kind: service', 'kind: daemon'), 'apps/x/workload.yaml')).toThrow(
      'apps/x/workload.yaml:2:7: kind: expected one of',
    );
  });
});
