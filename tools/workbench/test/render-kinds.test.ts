import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEnvironment, type RenderedEnvironment } from '../src/render/render-environment.js';
import { createRenderWorkspace, pin, type RenderWorkspace, WORKLOADS } from './support/render-workspace.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let ws: RenderWorkspace;
let staging: RenderedEnvironment;
const doc = (path: string): Doc => {
  const content = staging.files.get(path);
  if (!content) throw new Error(`${path} was not rendered; rendered: ${[...staging.files.keys()].join(', ')}`);
  return parse(content) as Doc;
};

beforeAll(async () => {
  // demo-backfill is pinned; the others too, except one app left unpinned to prove it is skipped.
  const releases = Object.fromEntries(Object.keys(WORKLOADS).map((app) => [app, pin(app)]));
  ws = await createRenderWorkspace({ apps: { ...WORKLOADS, 'demo-unpinned': WORKLOADS['demo-nightly']!.replace('demo cron', 'not released') }, releases });
  staging = await renderEnvironment(ws.dir, 'staging');
});
afterAll(() => ws.dispose());

describe('rendering each workload kind', () => {
  it('renders without problems', () => {
    expect(staging.problems).toEqual([]);
  });

  it('service: Deployment, Service, HPA, PDB, ServiceMonitor, Ingress, network policy and ExternalSecret', () => {
    const folder = 'apps/initech';
    const deployment = doc(`${folder}/deployment-demo-api.yaml`);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe('ghcr.io/workbench/demo-api:sha-0123456789ab');
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'demo-api-db', key: 'value' } } });
    expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns the count
    expect(doc(`${folder}/horizontalpodautoscaler-demo-api.yaml`).spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(doc(`${folder}/poddisruptionbudget-demo-api.yaml`).spec.minAvailable).toBe(1);
    expect(doc(`${folder}/ingress-demo-api.yaml`).spec.rules[0].host).toBe('api.initech.example.com');
    expect(doc(`${folder}/servicemonitor-demo-api.yaml`).spec.endpoints).toEqual([{ interval: '30s', path: '/metrics', port: 'http' }]);
    // The app's secret goes through its customer's own store, which reads only that customer's prefix.
    const externalSecret = doc(`${folder}/externalsecret-demo-api-db.yaml`).spec;
    expect(externalSecret.data).toEqual([{ remoteRef: { key: 'demo-api/db' }, secretKey: 'value' }]);
    expect(externalSecret.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'aws-secrets-manager' });
    expect(doc(`${folder}/secretstore-aws-secrets-manager.yaml`).spec.provider.aws).toMatchObject({ prefix: 'workbench/staging/initech/', service: 'SecretsManager' });
    expect(doc('infrastructure/configs/cluster-scoped/clustersecretstore-aws-secrets-manager.yaml').spec).toMatchObject({
      conditions: [{ namespaces: ['flux-system', 'mlflow', 'monitoring'] }],
      provider: { aws: { prefix: 'workbench/staging/platform/' } },
    });
    // The Secret MLflow's chart reads is created from the platform's store, in its namespace.
    expect(doc('infrastructure/controllers/mlflow/helmrelease-mlflow.yaml').spec.values.backendStore).toEqual({ existingSecret: 'mlflow-backend-store' });
    expect(doc('infrastructure/configs/mlflow/externalsecret-mlflow-backend-store.yaml').spec).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      target: { name: 'mlflow-backend-store' },
      dataFrom: [{ extract: { key: 'mlflow/backend-store' } }],
    });
    expect(doc(`${folder}/networkpolicy-demo-api-ingress.yaml`).spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(staging.files.get(`${folder}/deployment-demo-api.yaml`)).toMatchSnapshot();
  });

  it('cron: a CronJob that never runs twice at once', () => {
    const cron = doc('apps/initech/cronjob-demo-nightly.yaml');
    expect(cron.spec).toMatchObject({ schedule: '0 4 * * *', concurrencyPolicy: 'Forbid', suspend: false });
    expect(cron.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    expect(staging.files.get('apps/initech/cronjob-demo-nightly.yaml')).toMatchSnapshot();
  });

  it('job: a Job named after its version, with explicit limits and its declared egress', () => {
    const job = doc('apps/initech/job-demo-backfill-sha-0123456789ab.yaml');
    expect(job.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '2', memory: '2Gi' });
    expect(doc('apps/initech/networkpolicy-demo-backfill-egress.yaml').spec.egress).toEqual([
      { ports: [{ port: 5432, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] },
    ]);
    expect(staging.files.get('apps/initech/job-demo-backfill-sha-0123456789ab.yaml')).toMatchSnapshot();
  });

  it('spark-job with a schedule: a ScheduledSparkApplication run by spark-operator', () => {
    const spark = doc('apps/umbrella/scheduledsparkapplication-demo-spark.yaml');
    expect(spark.apiVersion).toBe('sparkoperator.k8s.io/v1beta2');
    expect(spark.spec).toMatchObject({ schedule: '@daily', concurrencyPolicy: 'Forbid' });
    expect(spark.spec.template).toMatchObject({ mainApplicationFile: 'local:///app/job.py', executor: { instances: 3 } });
    expect(spark.spec.template.driver.securityContext).toMatchObject({ runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    // Only the driver talks to the API server: its own token, a namespaced Role, and egress to the API.
    expect(spark.spec.template.driver.serviceAccount).toBe('demo-spark-spark-driver');
    expect(spark.spec.template.executor.serviceAccount).toBe('demo-spark');
    // Executors go to Karpenter's spot nodes; the driver, whose loss fails the job, does not.
    expect(spark.spec.template.executor).toMatchObject({ nodeSelector: { 'workbench.dev/capacity': 'spot' }, tolerations: [{ key: 'workbench.dev/capacity', value: 'spot', effect: 'NoSchedule' }] });
    expect(spark.spec.template.driver.nodeSelector).toBeUndefined();
    // Event logs to the job's own prefix of the environment's spark-logs bucket, which its role may write.
    expect(spark.spec.template.sparkConf).toEqual({ 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': expect.stringMatching(/^s3a:\/\/[a-z0-9-]+-staging-spark-logs\/umbrella\/demo-spark\/$/) });
    expect(doc('apps/umbrella/serviceaccount-demo-spark-spark-driver.yaml').automountServiceAccountToken).toBe(true);
    expect(doc('apps/umbrella/serviceaccount-demo-spark.yaml').automountServiceAccountToken).toBe(false);
    const role = doc('apps/umbrella/role-demo-spark-spark-driver.yaml');
    expect(role.rules.flatMap((r: Doc) => r.resources).sort()).toEqual(['configmaps', 'persistentvolumeclaims', 'pods', 'services']);
    expect(role.rules.flatMap((r: Doc) => r.verbs)).not.toContain('*');
    expect(doc('apps/umbrella/rolebinding-demo-spark-spark-driver.yaml').subjects).toEqual([{ kind: 'ServiceAccount', name: 'demo-spark-spark-driver', namespace: 'umbrella' }]);
    expect(doc('apps/umbrella/networkpolicy-demo-spark-spark-driver-api.yaml').spec).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'demo-spark', 'spark-role': 'driver' } },
      egress: [{ ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.0.0.0/16' } }] }],
    });
    // The CPU limit and memory overhead are explicit, so the quota check sees what the pods will ask.
    expect(spark.spec.template.executor).toMatchObject({ cores: 1, coreLimit: '1', memory: '1g', memoryOverhead: '410m' });
    expect(staging.files.get('apps/umbrella/scheduledsparkapplication-demo-spark.yaml')).toMatchSnapshot();
  });

  it('every customer namespace is restricted, quota-bound and default-deny', () => {
    for (const customer of ['initech', 'umbrella']) {
      expect(doc(`apps/${customer}/namespace-${customer}.yaml`).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(doc(`apps/${customer}/networkpolicy-default-deny.yaml`).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(doc(`apps/${customer}/resourcequota-compute.yaml`).spec.hard).toHaveProperty('limits.memory');
    }
  });

  it('leaves out an app with no release pin', () => {
    expect([...staging.files.keys()].filter((path) => path.includes('demo-unpinned'))).toEqual([]);
    expect(staging.apps.sort()).toEqual(Object.keys(WORKLOADS).sort());
  });

  it('lays out Flux Kustomizations ordered controllers → configs → apps', () => {
    const apps = doc('cluster/kustomization-apps.yaml');
    expect(apps.spec).toMatchObject({ path: './environments/staging/apps', prune: true, wait: true, dependsOn: [{ name: 'infrastructure-configs' }] });
    expect(doc('cluster/kustomization-infrastructure-configs.yaml').spec.dependsOn).toEqual([{ name: 'infrastructure-controllers' }]);
    expect(doc('apps/kustomization.yaml').resources).toEqual(['initech', 'umbrella']);
  });
});
