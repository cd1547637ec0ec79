import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stackFilePath } from '@workbench/stack-config';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEnvironment, type RenderedEnvironment } from '../src/render/render-environment.js';
import { diffObjects } from '../src/diff/object-diff.js';
import { operationsChanges } from '../src/diff/operations-diff.js';
import { mergeConfigs } from '../src/validate/alertmanager-config.js';
import type { ManifestFile } from '../src/validate/read-manifests.js';
import { validateEnvironment } from '../src/validate/validate-environment.js';
import { writeEnvironments } from '../src/render/environment-files.js';
import { createRenderWorkspace, REPO_ROOT, type RenderWorkspace, WORKLOADS } from './support/render-workspace.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let ws: RenderWorkspace;
let staging: RenderedEnvironment;
const doc = (path: string): Doc => {
  const content = staging.files.get(path);
  if (!content) throw new Error(`${path} was not rendered; rendered: ${[...staging.files.keys()].filter((p) => p.startsWith('apps/')).join(', ')}`);
  return parse(content) as Doc;
};
const alerts = (path: string): Doc[] => doc(path).spec.groups.flatMap((g: Doc) => g.rules.filter((r: Doc) => r.alert));
const alertNames = (path: string) => alerts(path).map((r) => r.alert as string);

beforeAll(async () => {
  ws = await createRenderWorkspace();
  // Route initech's team to Slack; umbrella's team declares nothing, so the platform team gets its alerts.
  const stack = await ws.read(stackFilePath('staging'));
  await ws.write(stackFilePath('staging'), stack.replace('acme-data-science:', 'initech-team:'));
  staging = await renderEnvironment(ws.dir, 'staging');
});
afterAll(() => ws.dispose());

describe('alerts and routing from workload.yaml', () => {
  it('renders without problems', () => {
    expect(staging.problems).toEqual([]);
  });

  it('gives each kind its alerts by default, each with app, customer, owner, environment, summary and runbook', () => {
    expect(alertNames('apps/initech/prometheusrule-demo-api.yaml')).toEqual([
      'ServiceAvailabilityBurnRateFast',
      'ServiceAvailabilityBurnRateSlow',
      'ServiceLatencyBurnRateFast',
      'ServiceLatencyBurnRateSlow',
      'ServicePodsCrashLooping',
      'ServiceReplicasUnavailable',
    ]);
    expect(alertNames('apps/initech/prometheusrule-demo-backfill.yaml')).toEqual(['JobFailed', 'JobRunningLong']);
    expect(alertNames('apps/initech/prometheusrule-demo-nightly.yaml')).toEqual(['JobFailed', 'JobRunningLong', 'CronJobNoRecentSuccess', 'CronJobSuspended']);
    expect(alertNames('apps/umbrella/prometheusrule-demo-spark.yaml')).toEqual(['SparkApplicationFailed', 'SparkDriverRestarting']);
    for (const app of Object.keys(WORKLOADS)) {
      const customer = parse(WORKLOADS[app]!).customer as string;
      for (const rule of alerts(`apps/${customer}/prometheusrule-${app}.yaml`)) {
        expect(rule.labels).toMatchObject({ app, customer, owner: parse(WORKLOADS[app]!).owner, environment: 'staging', severity: expect.stringMatching(/^(critical|warning)$/) });
        expect(rule.annotations.summary).toContain(app);
        const page = rule.annotations.runbook_url.replace(/^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\//, '');
        expect(existsSync(join(REPO_ROOT, page)), `${rule.alert}: ${page} exists`).toBe(true);
      }
    }
  });

  it('names the release Job exactly and allows a daily cron two days without success', () => {
    const [failed] = alerts('apps/initech/prometheusrule-demo-backfill.yaml');
    expect(failed!.expr).toContain('job_name=~"demo-backfill-sha-0123456789ab"');
    const nightly = alerts('apps/initech/prometheusrule-demo-nightly.yaml').find((r) => r.alert === 'CronJobNoRecentSuccess')!;
    expect(nightly.expr).toContain('> 172800');
  });

  it('routes a customer namespace to its owners that declare a receiver, with the webhook from the secret store', () => {
    const routing = doc('apps/initech/alertmanagerconfig-owner-routing.yaml');
    expect(routing.spec.route.routes).toEqual([{ matchers: [{ name: 'owner', value: 'initech-team', matchType: '=' }], receiver: 'owner-initech-team' }]);
    expect(routing.spec.route.groupBy).toEqual(['app']);
    expect(routing.spec.receivers[1].slackConfigs[0]).toMatchObject({ apiURL: { name: 'alerting-initech-team-slack', key: 'webhook-url' } });
    const webhook = doc('apps/initech/externalsecret-alerting-initech-team-slack.yaml');
    expect(webhook.spec.data[0].remoteRef.key).toBe('_alerting/initech-team/slack-webhook');
    expect(staging.files.has('apps/umbrella/alertmanagerconfig-owner-routing.yaml')).toBe(false);
  });

  it('gives each app a dashboard for its kind, and each customer and the environment an overview, for the Grafana sidecar', () => {
    const dashboard = (path: string) => {
      const map = doc(path);
      expect(map.metadata.labels.grafana_dashboard).toBe('1');
      return JSON.parse(Object.values(map.data as Record<string, string>)[0]!) as Doc;
    };
    const titles = (board: Doc) => board.panels.filter((p: Doc) => p.type !== 'row').map((p: Doc) => p.title as string);
    const api = dashboard('apps/initech/configmap-demo-api-dashboard.yaml');
    expect(api).toMatchObject({ uid: 'wb-staging-demo-api', title: 'demo-api (staging)', tags: expect.arrayContaining(['service', 'initech']) });
    expect(titles(api)).toEqual(expect.arrayContaining(['Traffic', 'Errors (share of 5xx)', 'Latency', 'Saturation (CPU cores)', 'Requests under 500 ms objective']));
    expect(titles(dashboard('apps/initech/configmap-demo-nightly-dashboard.yaml'))).toEqual(expect.arrayContaining(['Runs succeeded and failed', 'Run duration', 'Since last success']));
    expect(titles(dashboard('apps/initech/configmap-demo-backfill-dashboard.yaml'))).toEqual(expect.arrayContaining(['Runs succeeded and failed', 'Since last success']));
    expect(titles(dashboard('apps/umbrella/configmap-demo-spark-dashboard.yaml'))).toEqual(expect.arrayContaining(['Driver phase', 'Executors', 'Driver restarts (1h)']));
    expect(doc('apps/umbrella/configmap-demo-spark-dashboard.yaml').metadata.annotations).toEqual({ grafana_folder: 'umbrella' });
    expect(titles(dashboard('apps/initech/configmap-customer.overview-dashboard.yaml'))).toContain('Alerts firing by app');
    expect(titles(dashboard('infrastructure/configs/monitoring/configmap-workbench-overview-dashboard.yaml'))).toContain('Alerts firing by owner');
    const values = (parse(staging.files.get('infrastructure/controllers/monitoring/helmrelease-kube-prometheus-stack.yaml')!) as Doc).spec.values;
    expect(values.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: 'grafana_dashboard', searchNamespace: 'ALL', folderAnnotation: 'grafana_folder' });
  });

  it('sends each alert to the right receiver in the configuration Alertmanager loads (amtool)', async () => {
    const release = parse(staging.files.get('infrastructure/controllers/monitoring/helmrelease-kube-prometheus-stack.yaml')!) as Doc;
    const config = mergeConfigs(release.spec.values.alertmanager.config, [{ file: 'x', manifest: doc('apps/initech/alertmanagerconfig-owner-routing.yaml') } as ManifestFile]);
    const file = join(ws.dir, 'alertmanager.yaml');
    await writeFile(file, stringify(config));
    const receiverOf = async (...labels: string[]) => (await execa('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels])).stdout.trim();
    // The owner's route continues (the operator makes it), and the root then drops it at "null": the platform team is not paged too.
    expect(await receiverOf('namespace=initech', 'app=demo-api', 'owner=initech-team', 'severity=critical')).toBe('initech/owner-routing/owner-initech-team,null');
    expect(await receiverOf('namespace=umbrella', 'app=demo-spark', 'owner=umbrella-data', 'severity=critical')).toBe('platform');
    expect(await receiverOf('namespace=monitoring', 'alertname=FluxReconciliationFailing', 'owner=platform')).toBe('platform');
    expect(await receiverOf('alertname=Watchdog')).toBe('null');
  });

  it('passes validate, including promtool over every rule group and amtool over the routing', async () => {
    await writeEnvironments(join(ws.dir, 'environments'), [staging], () => {});
    const { findings } = await validateEnvironment(ws.dir, 'staging');
    expect(findings.filter((f) => f.severity === 'error' || ['promtool', 'amtool'].includes(f.rule))).toEqual([]);
  });

  it('follows a stricter objective in workload.yaml with a lower burn-rate threshold', async () => {
    await ws.write('apps/demo-api/workload.yaml', `${WORKLOADS['demo-api']}slo: { availability: 99.9 }\n`);
    const stricter = await renderEnvironment(ws.dir, 'staging');
    const fast = (env: RenderedEnvironment) => (parse(env.files.get('apps/initech/prometheusrule-demo-api.yaml')!) as Doc).spec.groups[0].rules.find((r: Doc) => r.alert === 'ServiceAvailabilityBurnRateFast').expr as string;
    expect(fast(staging)).toContain('> 0.072 and');
    expect(fast(stricter)).toContain('> 0.0144 and');
    // The pull-request report names the alerts whose thresholds moved.
    const changed = operationsChanges(diffObjects(staging.files, stricter.files)).changed;
    expect(changed.sort()).toEqual(['alert ServiceAvailabilityBurnRateFast (demo-api, critical)', 'alert ServiceAvailabilityBurnRateSlow (demo-api, warning)', 'dashboard "demo-api (staging)"']);
    await ws.write('apps/demo-api/workload.yaml', WORKLOADS['demo-api']!);
  });

  it('renders a re-run as a new run object per kind, which the alerts follow', async () => {
    const stack = await ws.read(stackFilePath('staging'));
    const rerun = (reason: string) => ({ run: 3, reason, requestedAt: '2026-11-24T10:00:00.000Z' });
    await ws.write(stackFilePath('staging'), `${stack.trimEnd()}\n  workloads:reruns: ${JSON.stringify({ 'demo-backfill': rerun('late input'), 'demo-spark': rerun('bad partition') })}\n`);
    const rerendered = await renderEnvironment(ws.dir, 'staging');
    await ws.write(stackFilePath('staging'), stack);
    expect(rerendered.problems).toEqual([]);
    const job = parse(rerendered.files.get('apps/initech/job-demo-backfill-sha-0123456789ab-rerun-3.yaml')!) as Doc;
    expect(job.metadata).toMatchObject({ labels: { 'workbench.dev/rerun': '3' }, annotations: { 'workbench.dev/rerun-reason': 'late input' } });
    expect(rerendered.files.has('apps/initech/job-demo-backfill-sha-0123456789ab.yaml')).toBe(false);
    const failed = (parse(rerendered.files.get('apps/initech/prometheusrule-demo-backfill.yaml')!) as Doc).spec.groups[0].rules[0];
    expect(failed.expr).toContain('job_name=~"demo-backfill-sha-0123456789ab-rerun-3"');
    // A scheduled Spark job keeps its schedule; the re-run is a one-off SparkApplication beside it.
    expect(rerendered.files.has('apps/umbrella/scheduledsparkapplication-demo-spark.yaml')).toBe(true);
    const spark = parse(rerendered.files.get('apps/umbrella/sparkapplication-demo-spark-rerun-3.yaml')!) as Doc;
    expect(spark.spec.driver.serviceAccount).toBe(doc('apps/umbrella/scheduledsparkapplication-demo-spark.yaml').spec.template.driver.serviceAccount);
  });
});
