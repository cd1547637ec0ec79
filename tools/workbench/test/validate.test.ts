import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/validate/finding.js';
import { formatFindings } from '../src/commands/validate.js';
import { validateEnvironment } from '../src/validate/validate-environment.js';

let root: string;
let findings: Finding[];

const pod = (container: Record<string, unknown>) => ({
  securityContext: { runAsNonRoot: true },
  containers: [
    {
      name: 'main',
      image: 'ghcr.io/x/app:sha-1',
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
      securityContext: { allowPrivilegeEscalation: false },
      ...container,
    },
  ],
});

// One object per rule, each broken in exactly one way, in a folder kustomize can build.
const objects: Record<string, Record<string, unknown>> = {
  'namespace-demo.yaml': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
  'deployment-unknown-field.yaml': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'unknown-field', namespace: 'demo' },
    spec: { replicaz: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: pod({}) } },
  },
  'deployment-bad-enum.yaml': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bad-enum', namespace: 'demo' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: pod({ imagePullPolicy: 'Sometimes' }) } },
  },
  'job-no-limits.yaml': {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'no-limits', namespace: 'demo' },
    spec: { template: { spec: { ...pod({ resources: { requests: { cpu: '1', memory: '1Gi' } } }), restartPolicy: 'Never' } } },
  },
  'cronjob-root-latest.yaml': {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'root-latest', namespace: 'demo' },
    spec: {
      schedule: '@daily',
      jobTemplate: { spec: { template: { spec: { ...pod({ image: 'ghcr.io/x/app:latest', securityContext: {} }), securityContext: {}, restartPolicy: 'Never' } } } },
    },
  },
  'secret-db.yaml': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'demo' }, stringData: { url: 'postgres://app:hunter2@db:5432/app' } },
  'configmap-aws.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws', namespace: 'demo' }, data: { key: 'AKIAABCDEFGHIJKLMNOP' } },
  'sparkapplication-typo.yaml': {
    apiVersion: 'sparkoperator.k8s.io/v1beta2',
    kind: 'SparkApplication',
    metadata: { name: 'typo', namespace: 'demo' },
    spec: { type: 'Python', mode: 'cluster', sparkVersion: '3.5.3', mainApplicationFile: 'local:///app/job.py', driver: { cores: 1 }, executor: { instances: 1 }, drivr: {} },
  },
  'prometheusrule-typo.yaml': {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'typo', namespace: 'demo' },
    spec: { groups: [{ name: 'typo.rules', rules: [{ alert: 'Broken', expr: 'sum(rate(http_requests_total[5m])', for: '5m' }] }] },
  },
  'widget-unknown.yaml': { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo' } },
  'deployment-host.yaml': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'host', namespace: 'demo' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { ...pod({}), hostNetwork: true, hostPID: true, volumes: [{ name: 'root', hostPath: { path: '/' } }] } },
    },
  },
  'job-random-env.yaml': {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'random-env', namespace: 'demo' },
    spec: {
      template: {
        spec: {
          ...pod({ env: [{ name: 'DJANGO_SECRET_KEY', value: 'x' }, { name: 'CONFIG_SALT', value: 'q8#Lr2!vZ9w@Tn4$Kp7^Xb1&Hd6*Jm3%' }, { name: 'PAYMENTS', value: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' }] }),
          restartPolicy: 'Never',
        },
      },
    },
  },
  'clustersecretstore-open.yaml': { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'open' }, spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } } } },
  'externalsecret-borrowed.yaml': {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'borrowed', namespace: 'demo' },
    spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'open' }, target: { name: 'borrowed' }, data: [{ secretKey: 'v', remoteRef: { key: 'other/../platform/github-token' } }] },
  },
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'workbench-validate-'));
  const folder = join(root, 'environments/staging/apps/demo');
  await mkdir(folder, { recursive: true });
  for (const [file, object] of Object.entries(objects)) await writeFile(join(folder, file), stringify(object));
  await writeFile(join(folder, 'kustomization.yaml'), stringify({ resources: Object.keys(objects) }));
  // A second folder whose kustomization lists a file that is not there.
  const broken = join(root, 'environments/staging/apps/broken/kustomization.yaml');
  await mkdir(dirname(broken), { recursive: true });
  await writeFile(broken, stringify({ resources: ['missing.yaml'] }));
  // The apps layer aggregates its namespace folders, one of which is not there; a copy of an
  // object in a second folder makes a duplicate kustomize would refuse.
  await writeFile(join(root, 'environments/staging/apps/kustomization.yaml'), stringify({ resources: ['demo', 'broken', 'gone'] }));
  const copy = join(root, 'environments/staging/apps/copy');
  await mkdir(copy, { recursive: true });
  await writeFile(join(copy, 'namespace-demo.yaml'), stringify(objects['namespace-demo.yaml']));
  await writeFile(join(copy, 'kustomization.yaml'), stringify({ resources: ['namespace-demo.yaml'] }));
  findings = (await validateEnvironment(root, 'staging')).findings;
});
afterAll(() => rm(root, { recursive: true, force: true }));

const finding = (file: string, rule: string, message: RegExp | string) =>
  expect.objectContaining({ severity: 'error', file: `environments/staging/apps/${file}`, rule, message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) });

describe('workbench validate', () => {
  it('reports unknown fields with their path, as kubeconform -strict does', () => {
    expect(findings).toContainEqual(finding('demo/deployment-unknown-field.yaml', 'schema', 'spec.replicaz: unknown field (not in DeploymentSpec)'));
    expect(findings).toContainEqual(finding('demo/sparkapplication-typo.yaml', 'schema', 'spec.drivr: unknown field'));
  });

  it('reports wrong types and enum values from the published schemas', () => {
    expect(findings).toContainEqual(finding('demo/deployment-bad-enum.yaml', 'schema', /imagePullPolicy: must be equal to one of the allowed values: "Always", "IfNotPresent", "Never"/));
  });

  it('checks alert rules with promtool, naming the file and object of a PromQL error', () => {
    expect(findings).toContainEqual(finding('demo/prometheusrule-typo.yaml', 'promtool', /unclosed left parenthesis|parse error/));
    expect(findings.filter((f) => f.rule === 'promtool')).toHaveLength(1);
  });

  it('reports kinds it has no schema for instead of passing them', () => {
    expect(findings).toContainEqual(finding('demo/widget-unknown.yaml', 'schema', 'no schema for example.com/v1 Widget'));
  });

  it('applies policy: limits, non-root, pinned images, no secrets or credentials in git, default-deny', () => {
    expect(findings).toContainEqual(finding('demo/job-no-limits.yaml', 'resources', 'container main has no cpu limit'));
    expect(findings).toContainEqual(finding('demo/cronjob-root-latest.yaml', 'non-root', 'may run as root'));
    expect(findings).toContainEqual(finding('demo/cronjob-root-latest.yaml', 'no-latest', ':latest'));
    expect(findings).toContainEqual(finding('demo/secret-db.yaml', 'no-secret-data', 'ExternalSecret'));
    expect(findings).toContainEqual(finding('demo/secret-db.yaml', 'no-credential-literal', 'a URL with an embedded password'));
    expect(findings).toContainEqual(finding('demo/configmap-aws.yaml', 'no-credential-literal', 'an AWS access key id'));
    expect(findings).toContainEqual(finding('demo/namespace-demo.yaml', 'default-deny', 'no default-deny NetworkPolicy'));
  });

  it('flags host network, processes and paths wherever they appear', () => {
    expect(findings).toContainEqual(finding('demo/deployment-host.yaml', 'no-host-access', 'spec.template.spec.hostNetwork is true'));
    expect(findings).toContainEqual(finding('demo/deployment-host.yaml', 'no-host-access', 'spec.template.spec.hostPID is true'));
    expect(findings).toContainEqual(finding('demo/deployment-host.yaml', 'no-host-access', 'spec.template.spec.volumes[0].hostPath'));
  });

  it('recognises credentials by name, by shape and by randomness', () => {
    expect(findings).toContainEqual(finding('demo/job-random-env.yaml', 'no-credential-literal', 'sets DJANGO_SECRET_KEY to a literal'));
    expect(findings).toContainEqual(finding('demo/job-random-env.yaml', 'no-credential-literal', 'sets CONFIG_SALT to a random-looking value'));
    expect(findings).toContainEqual(finding('demo/job-random-env.yaml', 'no-credential-literal', 'a Stripe key'));
  });

  it('keeps secrets with their owner: no open cluster store, no borrowed store, no key climbing out of its prefix', () => {
    expect(findings).toContainEqual(finding('demo/clustersecretstore-open.yaml', 'secret-scope', 'serves every namespace'));
    expect(findings).toContainEqual(finding('demo/externalsecret-borrowed.yaml', 'secret-scope', 'does not serve namespace demo'));
    expect(findings).toContainEqual(finding('demo/externalsecret-borrowed.yaml', 'secret-scope', 'climbs out of its store'));
  });

  it('builds every folder with kubectl kustomize and reports the one that fails', () => {
    expect(findings).toContainEqual(finding('broken/kustomization.yaml', 'kustomize', 'kubectl kustomize failed'));
  });

  it('checks an aggregating folder without building it: listed subfolders exist, no object twice', () => {
    expect(findings).toContainEqual({ severity: 'error', file: 'environments/staging/apps/kustomization.yaml', object: '', rule: 'kustomize', message: 'resources lists gone, which has no kustomization.yaml' });
    expect(findings).toContainEqual(finding('demo/namespace-demo.yaml', 'kustomize', 'the same object is also in environments/staging/apps/copy/namespace-demo.yaml'));
    expect(findings.filter((f) => f.rule === 'kustomize')).toHaveLength(3);
  });

  it('shows warnings that say the same about several objects once, listing them; errors one by one', () => {
    const warning = (object: string) => ({ severity: 'warning' as const, file: `f-${object}`, object: `Namespace ${object}`, rule: 'default-deny', message: 'platform namespace without a default-deny NetworkPolicy' });
    const error = { severity: 'error' as const, file: 'e.yaml', object: 'Namespace demo', rule: 'default-deny', message: 'no default-deny' };
    expect(formatFindings([warning('monitoring'), error, warning('cert-manager')])).toEqual([
      'error   e.yaml Namespace demo [default-deny] no default-deny',
      'warning [default-deny] platform namespace without a default-deny NetworkPolicy: Namespace monitoring, Namespace cert-manager',
    ]);
    expect(formatFindings([warning('monitoring')])).toEqual(['warning f-monitoring Namespace monitoring [default-deny] platform namespace without a default-deny NetworkPolicy']);
  });

  it('names the object in every finding', () => {
    expect(findings.find((f) => f.file.endsWith('deployment-unknown-field.yaml'))?.object).toBe('Deployment demo/unknown-field');
  });

  it('passes the valid objects: no finding for a file that breaks no rule', () => {
    const clean = findings.filter((f) => f.file.endsWith('deployment-unknown-field.yaml')).map((f) => f.rule);
    expect(clean).toEqual(['schema']);
  });
});
