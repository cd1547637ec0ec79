import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../src/commands/render.js';
import { formatFinding } from '../src/validate/finding.js';
import { reachabilityFindings } from '../src/validate/reachability.js';
import { referencedSecretFindings } from '../src/validate/referenced-secrets.js';
import { validateEnvironment } from '../src/validate/validate-environment.js';
import type { ManifestFile } from '../src/validate/read-manifests.js';
import { createRenderWorkspace, type RenderWorkspace, WORKLOADS } from './support/render-workspace.js';

const BEFORE_FIX = join(import.meta.dirname, 'fixtures/reachability/mlflow-egress-before-fix');

async function fixture(): Promise<ManifestFile[]> {
  const files = (await readdir(BEFORE_FIX)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(files.map(async (f) => ({ file: `fixtures/${f}`, manifest: parse(await readFile(join(BEFORE_FIX, f), 'utf8')) as ManifestFile['manifest'] })));
}

describe('reachability', () => {
  it('reports the MLflow egress block of the tree before the fix: caller, destination, port and the blocking policies', async () => {
    const findings = await reachabilityFindings(await fixture());
    expect(findings.map(formatFinding)).toEqual([
      'error   fixtures/cronjob-acme-churn-retrain.yaml CronJob acme/acme-churn-retrain [reachability] cannot reach mlflow.mlflow:5000 (MLFLOW_TRACKING_URI): egress from its namespace is blocked by NetworkPolicy acme/acme-churn-retrain-egress, acme/allow-dns, acme/default-deny; none of them allows TCP 5000 to namespace mlflow. Re-render (the app\'s egress policy allows the services its environment names), or fix the URL',
    ]);
  });
});

describe('reachability of a rendered environment', () => {
  let ws: RenderWorkspace;
  const callers = {
    ...WORKLOADS,
    // A cron that records to MLflow, and one that calls another app's Service of its customer.
    'demo-nightly': `${WORKLOADS['demo-nightly']}env: { MLFLOW_TRACKING_URI: "http://mlflow.mlflow.svc.cluster.local:5000", SCORER_URL: "http://demo-api.initech.svc.cluster.local:80/score" }\n`,
  };
  beforeAll(async () => {
    ws = await createRenderWorkspace({ apps: callers });
  });
  afterAll(() => ws.dispose());

  it('allows what the environment names in the caller\'s egress, and names the destination policy that still blocks it', async () => {
    const rendered = await renderCommand({ repoRoot: ws.dir, environments: ['staging'], check: false, quiet: true, out: () => undefined, err: () => undefined });
    expect(rendered.ok).toBe(true);
    const egress = parse(await ws.read('environments/staging/apps/initech/networkpolicy-demo-nightly-egress.yaml')) as { spec: { egress: unknown[] } };
    // The pod port behind demo-api's Service port 80: policies match the port pods listen on.
    expect(egress.spec.egress).toEqual([
      { ports: [{ port: 8080, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'initech' } } }] },
      { ports: [{ port: 5000, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } }] },
    ]);
    const findings = (await validateEnvironment(ws.dir, 'staging')).findings.filter((f) => f.rule === 'reachability').map(formatFinding);
    // MLflow is reachable now; demo-api admits only the ingress controller and monitoring.
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain('CronJob initech/demo-nightly [reachability] cannot reach demo-api.initech:8080 (SCORER_URL): ingress into initech is blocked by NetworkPolicy initech/default-deny, initech/demo-api-ingress; none of them admits TCP 8080 from namespace initech');
  });

  it('refuses an app that calls another customer\'s service or a platform controller, naming the variable', async () => {
    await ws.write('apps/demo-nightly/workload.yaml', `${WORKLOADS['demo-nightly']}env: { SPARK_UI: "http://demo-spark.umbrella.svc:4040" }\n`);
    const err: string[] = [];
    const rendered = await renderCommand({ repoRoot: ws.dir, environments: ['staging'], check: false, quiet: true, out: () => undefined, err: (line) => err.push(line) });
    await ws.write('apps/demo-nightly/workload.yaml', callers['demo-nightly']);
    expect(rendered.ok).toBe(false);
    expect(err.join('\n')).toContain('apps/demo-nightly/workload.yaml: env.SPARK_UI: calls demo-spark.umbrella, outside customer initech; an app may call its own customer\'s services (initech) and the platform services this environment runs for apps (monitoring, mlflow)');
    // Nor the platform's controllers.
    await ws.write('apps/demo-nightly/workload.yaml', `${WORKLOADS['demo-nightly']}env: { API: "https://kubernetes.default.svc:443" }\n`);
    const controllers = await renderCommand({ repoRoot: ws.dir, environments: ['staging'], check: false, quiet: true, out: () => undefined, err: (line) => err.push(line) });
    await ws.write('apps/demo-nightly/workload.yaml', callers['demo-nightly']);
    expect(controllers.ok).toBe(false);
    expect(err.join('\n')).toContain('env.API: calls kubernetes.default, outside customer initech');
  });
});

describe('secrets a chart names', () => {
  const release = (values: unknown): ManifestFile => ({ file: 'environments/x/mlflow/helmrelease-mlflow.yaml', manifest: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'mlflow', namespace: 'mlflow' }, spec: { values } } });
  const externalSecret = (namespace: string, target: string): ManifestFile => ({ file: 'x.yaml', manifest: { kind: 'ExternalSecret', metadata: { name: 'es', namespace }, spec: { target: { name: target } } } });

  it('must be created in the release\'s namespace: MLflow\'s backend store before the fix, and after', () => {
    const values = { backendStore: { existingSecret: 'mlflow-backend-store' }, ingress: { enabled: true } };
    expect(referencedSecretFindings([release(values)]).map(formatFinding)).toEqual([
      'error   environments/x/mlflow/helmrelease-mlflow.yaml HelmRelease mlflow/mlflow [referenced-secret] spec.values.backendStore.existingSecret names Secret mlflow/mlflow-backend-store, which nothing in this environment creates; declare it (an ExternalSecret from the platform\'s store: HelmService `secrets`)',
    ]);
    expect(referencedSecretFindings([release(values), externalSecret('monitoring', 'mlflow-backend-store')])).toHaveLength(1);
    expect(referencedSecretFindings([release(values), externalSecret('mlflow', 'mlflow-backend-store')])).toEqual([]);
  });
});
