import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCloudStack } from '../src/render/render-cloud.js';
import { replaceEnvironments } from '../src/render/environment-files.js';
import { renderEnvironment, type RenderedEnvironment } from '../src/render/render-environment.js';
import { validateEnvironment } from '../src/validate/validate-environment.js';
import { stackFilePath } from '@workbench/stack-config';
import { createRenderWorkspace, pin, type RenderWorkspace, WORKLOADS } from './support/render-workspace.js';

// A training app declaring every retraining trigger: the schedule (its CronJob), drift of the
// service that serves its model (a KEDA ScaledJob with a Prometheus trigger) and new data under a
// lake prefix (a KEDA ScaledJob with an SQS trigger, fed by the bucket's event notifications to a
// queue the cloud program creates). Every run records its trigger and takes the model's Lease.
// The service serving the model loads the version the stack config pins (workloads:models).
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RETRAIN = `apiVersion: workbench.dev/v1
kind: cron
customer: initech
owner: initech-team
description: retrains the demo model
schedule: "0 3 * * *"
resources: { cpu: 250m, memory: 256Mi }
data: { read: [lake://raw/initech/exports/] }
retraining:
  model: demo-model
  cooldown: 4h
  drift: { app: demo-api, threshold: 0.25, for: 45m }
  newData: { prefix: lake://raw/initech/exports/daily/, batch: 5 }
`;

let ws: RenderWorkspace;
let staging: RenderedEnvironment;
const doc = (path: string): Doc => {
  const content = staging.files.get(`apps/initech/${path}`);
  if (!content) throw new Error(`${path} was not rendered; rendered: ${[...staging.files.keys()].join(', ')}`);
  return parse(content) as Doc;
};
const envOf = (podSpec: Doc) => Object.fromEntries((podSpec.containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));

// The serving app names its model; staging pins a version of it.
const SERVING = `${WORKLOADS['demo-api']!}model: demo-model\ndata: { read: [lake://models/initech/demo-model/] }\n`;
const SHA = 'c'.repeat(64);
const MODEL_PIN = { version: '3', artifact: 'lake://models/initech/demo-model/3/model.json', sha256: SHA, registeredAt: '2026-11-24T02:40:00Z' };
const withModelPin = async (pin: object, env = 'staging') => {
  const text = (await ws.read(stackFilePath(env))).replace(/\n {2}workloads:models:.*\n/, '\n');
  await ws.write(stackFilePath(env), `${text.trimEnd()}\n  workloads:models: ${JSON.stringify({ 'initech-demo-model': pin })}\n`);
};

beforeAll(async () => {
  ws = await createRenderWorkspace({ apps: { 'demo-api': SERVING, 'demo-retrain': RETRAIN } });
  await withModelPin(MODEL_PIN);
  staging = await renderEnvironment(ws.dir, 'staging');
});
afterAll(() => ws.dispose());

describe('retraining triggers', () => {
  it('renders without problems', () => {
    expect(staging.problems).toEqual([]);
  });

  it('schedule: the CronJob runs with its trigger, model, cooldown and lease, and may use its token', () => {
    const pod = doc('cronjob-demo-retrain.yaml').spec.jobTemplate.spec.template.spec;
    expect(envOf(pod)).toMatchObject({ RETRAINING_TRIGGER: 'schedule', RETRAINING_MODEL: 'demo-model', RETRAINING_COOLDOWN: '4h', RETRAINING_LEASE: 'retraining-demo-model' });
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it('drift: a ScaledJob asks Prometheus whether the serving app’s largest feature PSI stayed above the threshold', () => {
    const scaled = doc('scaledjob-demo-retrain-drift.yaml');
    expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaled.spec.maxReplicaCount).toBe(1);
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
          query: 'min_over_time(max(model_feature_psi{namespace="initech", job="demo-api"})[45m:1m])',
          threshold: '0.25',
          activationThreshold: '0.25',
        },
      },
    ]);
    const pod = scaled.spec.jobTargetRef.template;
    expect(envOf(pod.spec).RETRAINING_TRIGGER).toBe('drift');
    expect(pod.metadata.labels['workbench.dev/retraining-trigger']).toBe('drift');
    expect(staging.files.get('apps/initech/scaledjob-demo-retrain-drift.yaml')).toMatchSnapshot();
  });

  it('new data: a ScaledJob watches the app’s queue as KEDA’s own identity', () => {
    const scaled = doc('scaledjob-demo-retrain-new-data.yaml');
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'aws-sqs-queue',
        authenticationRef: { name: 'demo-retrain-new-data' },
        metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/staging-retrain-demo-retrain', queueLength: '5', awsRegion: 'eu-west-1' },
      },
    ]);
    expect(envOf(scaled.spec.jobTargetRef.template.spec).RETRAINING_TRIGGER).toBe('newData');
    expect(doc('triggerauthentication-demo-retrain-new-data.yaml').spec).toEqual({ podIdentity: { provider: 'aws', identityOwner: 'keda' } });
  });

  it('one run at a time: the runs may get and update their model’s Lease, and nothing else', () => {
    expect(doc('lease-retraining-demo-model.yaml').metadata.namespace).toBe('initech');
    expect(doc('role-demo-retrain-retraining.yaml').rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['retraining-demo-model'], verbs: ['get', 'update'] }]);
    expect(doc('rolebinding-demo-retrain-retraining.yaml').subjects).toEqual([{ kind: 'ServiceAccount', name: 'demo-retrain', namespace: 'initech' }]);
  });

  it('validates against the KEDA and Kubernetes schemas', async () => {
    await replaceEnvironments(join(ws.dir, 'environments'), [staging]);
    const { findings } = await validateEnvironment(ws.dir, 'staging');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(staging.files.has('infrastructure/controllers/keda/helmrelease-keda.yaml')).toBe(true);
  });

  it('the cloud creates the queue, lets only the bucket feed it, notifies it of the prefix, and lets the app consume it and KEDA count it', async () => {
    const plan = await renderCloudStack(ws.dir, 'staging');
    expect(plan.problems).toEqual([]);
    const find = (type: string, name: string) => plan.cloudResources!.find((r) => r.type === type && r.name === name)?.inputs as Doc;
    expect(find('aws:sqs/queue:Queue', 'staging-retrain-demo-retrain')).toMatchObject({ name: 'staging-retrain-demo-retrain', sqsManagedSseEnabled: true });
    const policy = find('aws:sqs/queuePolicy:QueuePolicy', 'staging-retrain-demo-retrain').policy.Statement[0];
    expect(policy).toMatchObject({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::workbench-staging-raw' } } });
    expect(find('aws:s3/bucketNotification:BucketNotification', 'workbench-staging-raw-retraining').queues).toEqual([
      { queueArn: 'arn:aws:sqs:eu-west-1:111111111111:staging-retrain-demo-retrain', events: ['s3:ObjectCreated:*'], filterPrefix: 'initech/exports/daily/' },
    ]);
    const appPolicy = find('aws:iam/rolePolicy:RolePolicy', 'staging-app-demo-retrain-policy').policy.Statement;
    expect(appPolicy).toContainEqual({ Sid: 'ConsumeNewDataNotifications', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: 'arn:aws:sqs:eu-west-1:111111111111:staging-retrain-demo-retrain' });
    expect(find('aws:iam/rolePolicy:RolePolicy', 'staging-keda-policy').policy.Statement).toEqual([
      { Sid: 'RetrainingQueueLength', Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: 'arn:aws:sqs:eu-west-1:111111111111:staging-retrain-*' },
    ]);
  });

  it('the serving app loads the pinned model version: where it is in this environment, its hash and version', () => {
    const container = doc('deployment-demo-api.yaml').spec.template.spec.containers[0];
    expect(envOf({ containers: [container] })).toMatchObject({ MODEL_URI: 's3://workbench-staging-models/initech/demo-model/3/model.json', MODEL_SHA256: SHA, MODEL_VERSION: '3' });
  });

  it('a run skipped by the cooldown becomes a metric: kube-state-metrics reads the skip off the model’s Lease, and the app’s rule alerts on it', () => {
    const values = (parse(staging.files.get('infrastructure/controllers/monitoring/helmrelease-kube-prometheus-stack.yaml')!) as Doc).spec.values['kube-state-metrics'];
    expect(values.rbac.extraRules).toContainEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'watch'] });
    const lease = (values.customResourceState.config.spec.resources as Doc[]).find((r) => r.groupVersionKind.kind === 'Lease')!;
    expect(lease.metricNamePrefix).toBe('workbench');
    expect(lease.metrics[0]).toMatchObject({ name: 'retraining_skipped_timestamp_seconds', each: { type: 'Gauge', gauge: { path: ['metadata', 'annotations', 'workbench.dev/skipped-at'] } } });
    const rules = (parse(staging.files.get('apps/initech/prometheusrule-demo-retrain.yaml')!) as Doc).spec.groups[0].rules as Doc[];
    expect(rules.find((r) => r.alert === 'RetrainingSkippedByCooldown')?.expr).toBe(
      'time() - max by (trigger) (workbench_retraining_skipped_timestamp_seconds{namespace="initech", lease="retraining-demo-model"}) < 3600',
    );
  });

  it('the model gets a dashboard: drift per feature and of the predictions, and the versions served over time', () => {
    const map = doc('configmap-demo-api-model-dashboard.yaml');
    expect(map.metadata.labels.grafana_dashboard).toBe('1');
    const dashboard = JSON.parse(Object.values(map.data as Record<string, string>)[0]!) as { title: string; panels: { title: string; targets?: { expr: string }[] }[] };
    expect(dashboard.title).toBe('Model initech-demo-model served by demo-api (staging)');
    const expr = (title: string) => dashboard.panels.find((p) => p.title === title)?.targets?.[0]?.expr;
    expect(expr('Drift per feature (PSI)')).toBe('max by (feature) (model_feature_psi{namespace="initech", job="demo-api"})');
    expect(expr('Prediction distribution drift (PSI)')).toBe('max(model_prediction_psi{namespace="initech", job="demo-api"})');
    expect(expr('Version serving over time (registered at)')).toBe('max by (version) (model_registered_timestamp_seconds{namespace="initech", job="demo-api"})');
  });

  it('production loads the pinned model from staging’s lake, where models are released, and may read only that model’s folder there', async () => {
    const production0 = (await ws.read(stackFilePath('production'))).replace(/ {2}workloads:(releases|overrides):[\s\S]*?(?=\n {2}workloads:|\s*$)/g, '');
    await ws.write(stackFilePath('production'), `${production0.trimEnd()}\n  workloads:releases: ${JSON.stringify({ 'demo-api': pin('demo-api') })}\n`);
    await withModelPin(MODEL_PIN, 'production');
    const production = await renderEnvironment(ws.dir, 'production');
    expect(production.problems).toEqual([]);
    const deployment = parse(production.files.get('apps/initech/deployment-demo-api.yaml')!) as Doc;
    expect(envOf(deployment.spec.template.spec)).toMatchObject({ MODEL_URI: 's3://workbench-staging-models/initech/demo-model/3/model.json', MODEL_SHA256: SHA });
    const cloud = await renderCloudStack(ws.dir, 'production');
    expect(cloud.problems).toEqual([]);
    const policy = (cloud.cloudResources!.find((r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.name === 'production-app-demo-api-policy')!.inputs as Doc).policy.Statement as Doc[];
    expect(policy.filter((s) => String(s.Sid).startsWith('ReleasedModel'))).toEqual([
      { Sid: 'ReleasedModelReadObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::workbench-staging-models/initech/demo-model/*'] },
      { Sid: 'ReleasedModelList1', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::workbench-staging-models', Condition: { StringLike: { 's3:prefix': ['initech/demo-model/*'] } } },
      expect.objectContaining({ Sid: 'ReleasedModelLakeKey', Action: 'kms:Decrypt', Condition: expect.objectContaining({ StringLike: { 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::workbench-staging-models'] } }) }),
    ]);
  });

  it('refuses a model pin outside the serving customer’s model folder, naming the stack file and key', async () => {
    await withModelPin({ ...MODEL_PIN, artifact: 'lake://models/umbrella/demo-model/3/model.json' });
    const refused = await renderEnvironment(ws.dir, 'staging');
    expect(refused.problems.map((p) => p.message).join('\n')).toContain(
      'platform/workloads/Pulumi.staging.yaml: workloads:models.initech-demo-model.artifact: lake://models/umbrella/demo-model/3/model.json is outside lake://models/initech/demo-model/',
    );
    await withModelPin(MODEL_PIN);
  });

  it('refuses an app name too long for the Job names KEDA gives the runs a trigger starts, saying how long it may be', async () => {
    const long = `retrain-${'x'.repeat(41)}`; // 49 characters: room for drift's runs, not new data's
    await ws.write(`apps/${long}/workload.yaml`, RETRAIN);
    const text = await ws.read(stackFilePath('staging'));
    await ws.write(stackFilePath('staging'), text.replace(/workloads:releases: \{/, `workloads:releases: {${JSON.stringify(long)}: ${JSON.stringify(pin(long))}, `));
    try {
      const refused = await renderEnvironment(ws.dir, 'staging');
      expect(refused.problems.map((p) => p.message).join('\n')).toContain(
        `apps/${long}/workload.yaml: retraining.newData: the app's name has 49 characters; KEDA names each run it starts <app>-new-data-<5 characters>, which must fit 63: rename the app to at most 48 characters`,
      );
      expect(refused.problems.map((p) => p.message).join('\n')).not.toContain('retraining.drift: the app');
    } finally {
      await ws.write(stackFilePath('staging'), text);
      await rm(join(ws.dir, 'apps', long), { recursive: true });
    }
  });

  it('refuses a drift trigger on an app that is not its customer’s service, naming the file and field', async () => {
    await ws.write('apps/demo-retrain/workload.yaml', RETRAIN.replace('app: demo-api', 'app: demo-retrain'));
    const refused = await renderEnvironment(ws.dir, 'staging');
    expect(refused.problems.map((p) => p.message)).toEqual([expect.stringContaining('apps/demo-retrain/workload.yaml: retraining.drift.app: demo-retrain is a cron')]);
    await ws.write('apps/demo-retrain/workload.yaml', RETRAIN.replace('prefix: lake://raw/initech/exports/daily/', 'prefix: lake://raw/initech/other/'));
    const outside = await renderEnvironment(ws.dir, 'staging');
    expect(outside.problems.map((p) => p.message).join('\n')).toMatch(/retraining\.newData\.prefix.*lake:\/\/raw\/initech\/other\/ is not a prefix this app reads; add it .* to data\.read/);
    await ws.write('apps/demo-retrain/workload.yaml', RETRAIN);
  });
});
