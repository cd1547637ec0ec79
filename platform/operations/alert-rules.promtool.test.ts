// Every alert Workbench renders, run through Prometheus's own rule engine: `promtool test rules`
// evaluates the rules over synthetic series and checks each alert fires when it should (with the
// labels and the summary a person reads) and stays quiet when it should not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkload, resolveForEnvironment } from '@workbench/workload-spec';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ALERT_CATALOG, ALERT_NAMES, type AlertName, runbookPath } from './alert-catalog.js';
import { appRuleGroup } from './app-alert-rules.js';
import { platformRuleGroup } from './platform-alert-rules.js';
import type { RuleGroup } from './rule-group.js';

const runbooks = { baseUrl: 'https://github.com/example/workbench/blob/main/' };
const work = mkdtempSync(join(tmpdir(), 'promtool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function appGroup(app: string, kind: string, extra: string, jobNames: string[] = []): RuleGroup {
  const workload = parseWorkload(
    `apiVersion: workbench.dev/v1\nkind: ${kind}\ncustomer: acme\nowner: acme-data-science\ndescription: d\nresources: { cpu: 100m, memory: 128Mi }\n${extra}`,
    'workload.yaml',
  );
  return appRuleGroup({ app, customer: 'acme', environment: 'staging', namespace: 'acme', workload: resolveForEnvironment(workload, 'staging'), jobNames }, runbooks);
}

interface Case {
  alert: AlertName;
  /** Series that make it fire, in promtool's expanding notation, sampled every step (a minute unless the case says). */
  firing: Record<string, string>;
  /** Series that look alike and must not make it fire (a healthy app, a neighbour's objects). */
  quiet: Record<string, string>;
  at: string;
  /** Labels the firing alert carries beyond the rule's own (those of its series). */
  labels: Record<string, string>;
  summary: string;
}

const appLabels = (app: string) => ({ app, customer: 'acme', environment: 'staging', owner: 'acme-data-science' });

/**
 * Runs one group's cases through `promtool test rules`; returns its output when a case fails.
 * `step` is both how often the series are sampled and how often the rules are evaluated.
 */
function promtoolTest(group: RuleGroup, who: Record<string, string>, cases: Case[], step = '1m'): string {
  const dir = mkdtempSync(join(work, 'case-'));
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [group] }));
  const series = (values: Record<string, string>) => Object.entries(values).map(([name, text]) => ({ series: name, values: text }));
  const tests = cases.flatMap((c) => {
    const expected = {
      exp_labels: { alertname: c.alert, severity: ALERT_CATALOG[c.alert].severity, ...who, ...c.labels },
      exp_annotations: { summary: c.summary, description: ALERT_CATALOG[c.alert].meaning, runbook_url: `${runbooks.baseUrl}${runbookPath(c.alert)}` },
    };
    return [
      { interval: step, input_series: series(c.firing), alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: [expected] }] },
      { interval: step, input_series: series(c.quiet), alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: [] }] },
    ];
  });
  writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: step, tests }));
  try {
    execFileSync('promtool', ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: string; stdout?: string; stderr?: string };
    if (code === 'ENOENT') return 'promtool is not installed: apt-get install prometheus (Debian ships promtool in it)';
    return `${stdout ?? ''}${stderr ?? ''}`;
  }
}

const requests = (app: string, ok: number, errors: number) => ({
  [`http_requests_total{namespace="acme", job="${app}", status="200"}`]: `0+${ok}x300`,
  [`http_requests_total{namespace="acme", job="${app}", status="500"}`]: `0+${errors}x300`,
});
const durations = (app: string, fast: number, all: number) => ({
  [`http_request_duration_seconds_bucket{namespace="acme", job="${app}", le="0.5"}`]: `0+${fast}x300`,
  [`http_request_duration_seconds_count{namespace="acme", job="${app}"}`]: `0+${all}x300`,
});
const sloLabels = (app: string, slo: string) => ({ namespace: 'acme', slo, app });

const covered = new Set<AlertName>();
function expectAllPass(group: RuleGroup, who: Record<string, string>, cases: Case[], step?: string) {
  cases.forEach((c) => covered.add(c.alert));
  expect(promtoolTest(group, who, cases, step)).toBe('');
}

// promtool evaluates days of synthetic series: seconds each, more on a busy CI machine.
describe('alert rules under promtool', { timeout: 60_000 }, () => {
  it('service: burn-rate alerts follow the objectives; crash loops and unavailable replicas of this app only', () => {
    const group = appGroup('shop-api', 'service', 'port: 8080\n');
    const pods = (app: string) => `kube_pod_container_status_restarts_total{namespace="acme", pod="${app}-5d8f7c9b4-x2x7k", container="app"}`;
    expectAllPass(group, appLabels('shop-api'), [
      // 10 errors in 110 requests: 14.4× the 0.5% budget over the last hour.
      { alert: 'ServiceAvailabilityBurnRateFast', firing: requests('shop-api', 100, 10), quiet: requests('shop-api', 1000, 1), at: '75m', labels: sloLabels('shop-api', 'availability'), summary: 'shop-api is failing requests fast enough to spend its 30-day error budget within days' },
      // 2 in 102: under 6×, over 3× the budget.
      { alert: 'ServiceAvailabilityBurnRateSlow', firing: requests('shop-api', 100, 2), quiet: requests('shop-api', 1000, 1), at: '180m', labels: sloLabels('shop-api', 'availability'), summary: 'shop-api is spending its availability error budget faster than it refills' },
      { alert: 'ServiceLatencyBurnRateFast', firing: durations('shop-api', 80, 100), quiet: durations('shop-api', 999, 1000), at: '75m', labels: sloLabels('shop-api', 'latency'), summary: 'shop-api answers too many requests slower than its latency objective' },
      { alert: 'ServiceLatencyBurnRateSlow', firing: durations('shop-api', 96, 100), quiet: durations('shop-api', 999, 1000), at: '180m', labels: sloLabels('shop-api', 'latency'), summary: 'shop-api is spending its latency error budget faster than it refills' },
      { alert: 'ServicePodsCrashLooping', firing: { [pods('shop-api')]: '0+1x60' }, quiet: { [pods('shop-api')]: '0+0x60', [pods('shop-api-v2')]: '0+1x60' }, at: '30m', labels: {}, summary: 'shop-api containers restarted 15 times in 15 minutes' },
      {
        alert: 'ServiceReplicasUnavailable',
        firing: { 'kube_deployment_status_replicas_unavailable{namespace="acme", deployment="shop-api"}': '1x30' },
        quiet: { 'kube_deployment_status_replicas_unavailable{namespace="acme", deployment="shop-api"}': '1x5 0x25', 'kube_deployment_status_replicas_unavailable{namespace="acme", deployment="shop"}': '1x30' },
        at: '20m',
        labels: { namespace: 'acme', deployment: 'shop-api' },
        summary: 'shop-api has 1 replica(s) unavailable',
      },
    ]);
  });

  it('service with a model: ModelTooOld when the serving version is older than alerts.modelMaxAge, for this app only', () => {
    const group = appGroup('risk-api', 'service', 'port: 8080\nmodel: risk\ndata: { read: [lake://models/acme/risk/] }\nalerts: { modelMaxAge: 2d }\n');
    const registered = (app: string, version: string) => `model_registered_timestamp_seconds{namespace="acme", job="${app}", pod="${app}-1", model="acme-risk", version="${version}"}`;
    // Two days of series: sampled and evaluated every ten minutes (every minute, promtool took
    // 36 s evaluating the service's rules 3,000 times); the alert waits an hour either way.
    expectAllPass(
      group,
      appLabels('risk-api'),
      [
        {
          alert: 'ModelTooOld',
          // Registered at the start: 51 hours later it is past 2 days, and has been for an hour.
          firing: { [registered('risk-api', '3')]: '0x310' },
          // A version registered a day in is 27 hours old then; a neighbour's old model is not ours.
          quiet: { [registered('risk-api', '4')]: '86400x310', [registered('other-api', '1')]: '0x310' },
          at: '51h',
          labels: { model: 'acme-risk', version: '3' },
          summary: 'risk-api has served model version 3 for longer than its maximum age',
        },
      ],
      '10m',
    );
  });

  it('service: a stricter objective in workload.yaml lowers the threshold, so the same errors page', () => {
    const strict = appGroup('shop-api', 'service', 'port: 8080\nslo: { availability: 99.9 }\n');
    // 1 error in 101 requests is under 14.4 × 0.5% but over 14.4 × 0.1%.
    const gentle = requests('shop-api', 100, 1);
    const page = { alert: 'ServiceAvailabilityBurnRateFast' as const, labels: sloLabels('shop-api', 'availability'), at: '75m', summary: 'shop-api is failing requests fast enough to spend its 30-day error budget within days' };
    expectAllPass(strict, appLabels('shop-api'), [{ ...page, firing: gentle, quiet: requests('shop-api', 10000, 1) }]);
    expect(promtoolTest(appGroup('shop-api', 'service', 'port: 8080\n'), appLabels('shop-api'), [{ ...page, firing: gentle, quiet: {} }])).toContain('ServiceAvailabilityBurnRateFast');
  });

  it('service: a whole-second latency objective counts its bucket as Prometheus 2 and 3 write it', () => {
    const group = appGroup('slow-api', 'service', 'port: 8080\nslo: { latencyMs: 1000 }\n');
    const series = (le: string, fast: number) => ({
      [`http_request_duration_seconds_bucket{namespace="acme", job="slow-api", le="${le}"}`]: `0+${fast}x300`,
      [`http_request_duration_seconds_count{namespace="acme", job="slow-api"}`]: '0+100x300',
    });
    const page = { alert: 'ServiceLatencyBurnRateFast' as const, at: '75m', labels: sloLabels('slow-api', 'latency'), summary: 'slow-api answers too many requests slower than its latency objective' };
    expectAllPass(group, appLabels('slow-api'), [
      { ...page, firing: series('1', 80), quiet: series('1', 100) },
      { ...page, firing: series('1.0', 80), quiet: series('1.0', 100) },
    ]);
  });

  it('job: a failed run and a run past 80% of its deadline, of this release only', () => {
    const group = appGroup('nightly-load', 'job', 'deadline: 1h\n', ['nightly-load-sha-abc123']);
    const failed = (job: string) => `kube_job_failed{namespace="acme", job_name="${job}", condition="true"}`;
    expectAllPass(group, appLabels('nightly-load'), [
      { alert: 'JobFailed', firing: { [failed('nightly-load-sha-abc123')]: '1x10' }, quiet: { [failed('nightly-load-extra-sha-abc123')]: '1x10' }, at: '5m', labels: { namespace: 'acme', job_name: 'nightly-load-sha-abc123', condition: 'true' }, summary: 'A run of nightly-load failed (nightly-load-sha-abc123)' },
      {
        alert: 'JobRunningLong',
        firing: { 'kube_job_status_start_time{namespace="acme", job_name="nightly-load-sha-abc123"}': '0x60', 'kube_job_status_active{namespace="acme", job_name="nightly-load-sha-abc123"}': '1x60' },
        quiet: { 'kube_job_status_start_time{namespace="acme", job_name="nightly-load-sha-abc123"}': '0x60', 'kube_job_status_active{namespace="acme", job_name="nightly-load-sha-abc123"}': '1x40 0x20' },
        at: '50m',
        labels: { namespace: 'acme', job_name: 'nightly-load-sha-abc123' },
        summary: 'nightly-load has been running for longer than expected (nightly-load-sha-abc123)',
      },
    ]);
  });

  it('cron: failed runs, no success for two schedule intervals, suspended by hand', () => {
    const group = appGroup('daily-scores', 'cron', 'schedule: "0 3 * * *"\n');
    const cron = (metric: string, name = 'daily-scores') => `${metric}{namespace="acme", cronjob="${name}"}`;
    expectAllPass(group, appLabels('daily-scores'), [
      {
        alert: 'JobFailed',
        firing: { 'kube_job_failed{namespace="acme", job_name="daily-scores-29371260", condition="true"}': '1x10' },
        quiet: { 'kube_job_failed{namespace="acme", job_name="daily-scores-extra-29371260", condition="true"}': '1x10' },
        at: '5m',
        labels: { namespace: 'acme', job_name: 'daily-scores-29371260', condition: 'true' },
        summary: 'A run of daily-scores failed (daily-scores-29371260)',
      },
      {
        // A daily schedule: two days and an hour without success.
        alert: 'CronJobNoRecentSuccess',
        firing: { [cron('kube_cronjob_status_last_successful_time')]: '0x3000', [cron('kube_cronjob_spec_suspend')]: '0x3000' },
        quiet: { [cron('kube_cronjob_status_last_successful_time')]: '0x1500 86400x1500', [cron('kube_cronjob_spec_suspend')]: '0x3000' },
        at: '49h',
        labels: { namespace: 'acme', cronjob: 'daily-scores' },
        summary: 'daily-scores has not succeeded for 2d 1h 0m 0s',
      },
      { alert: 'CronJobSuspended', firing: { [cron('kube_cronjob_spec_suspend')]: '1x120' }, quiet: { [cron('kube_cronjob_spec_suspend')]: '1x30 0x90' }, at: '90m', labels: { namespace: 'acme', cronjob: 'daily-scores' }, summary: 'daily-scores is suspended in the cluster but not in git' },
    ]);
  });

  it('retraining: the serving app’s drift held past the threshold, and failed runs whatever started them', () => {
    const group = appGroup('churn-retrain', 'cron', 'schedule: "0 3 * * *"\nretraining: { model: churn, drift: { app: churn-api, threshold: 0.2, for: 30m } }\n');
    const psi = (feature: string, app = 'churn-api') => `model_feature_psi{namespace="acme", job="${app}", pod="${app}-1", model="churn", feature="${feature}"}`;
    expectAllPass(group, appLabels('churn-retrain'), [
      {
        // tenure drifts and stays drifted; plan does not.
        alert: 'ModelDrifting',
        firing: { [psi('tenure')]: '0.05x10 0.35x50', [psi('plan')]: '0.02x60' },
        // A stable model, one short spike (shorter than the window), and a neighbour's drift.
        quiet: { [psi('tenure')]: '0.05x20 0.9x5 0.05x35', [psi('plan')]: '0.02x60', [psi('tenure', 'churn-api-v2')]: '0.9x60' },
        at: '55m',
        labels: { feature: 'tenure' },
        summary: 'The inputs of the model churn-retrain trains have drifted from its training data (feature tenure, PSI 0.35)',
      },
    ]);
    // A drift-started run skipped 40 minutes in fires 50 minutes later; one skipped 80 minutes before does not, nor another model's Lease.
    const skipped = (lease: string) => `workbench_retraining_skipped_timestamp_seconds{namespace="acme", lease="${lease}", trigger="drift"}`;
    expectAllPass(group, appLabels('churn-retrain'), [
      {
        alert: 'RetrainingSkippedByCooldown',
        firing: { [skipped('retraining-churn')]: '_x40 2400x60' },
        quiet: { [skipped('retraining-churn')]: '_x10 600x90', [skipped('retraining-fraud')]: '_x60 3600x40' },
        at: '90m',
        labels: { trigger: 'drift' },
        summary: 'A retraining run of churn-retrain started by drift was skipped: the last run started within the cooldown',
      },
    ]);
    const runs = promtoolTest(group, appLabels('churn-retrain'), [
      {
        alert: 'JobFailed',
        firing: { 'kube_job_failed{namespace="acme", job_name="churn-retrain-drift-x7k2p", condition="true"}': '1x10' },
        quiet: { 'kube_job_failed{namespace="acme", job_name="churn-retrain-drift-extra-29371260", condition="true"}': '1x10' },
        at: '5m',
        labels: { namespace: 'acme', job_name: 'churn-retrain-drift-x7k2p', condition: 'true' },
        summary: 'A run of churn-retrain failed (churn-retrain-drift-x7k2p)',
      },
    ]);
    expect(runs).toBe('');
  });

  it('spark-job: a failed driver and a restarted one, of this app only', () => {
    const group = appGroup('spark-agg', 'spark-job', 'spark: { mainApplicationFile: "local:///app/job.py" }\n');
    const phase = (pod: string) => `kube_pod_status_phase{namespace="acme", pod="${pod}", phase="Failed"}`;
    const created = (pod: string) => `kube_pod_created{namespace="acme", pod="${pod}"}`;
    expectAllPass(group, appLabels('spark-agg'), [
      { alert: 'SparkApplicationFailed', firing: { [phase('spark-agg-1700000000000000000-driver')]: '1x10' }, quiet: { [phase('spark-agg-daily-driver')]: '1x10' }, at: '5m', labels: { namespace: 'acme', pod: 'spark-agg-1700000000000000000-driver', phase: 'Failed' }, summary: 'A run of Spark job spark-agg failed (spark-agg-1700000000000000000-driver)' },
      { alert: 'SparkDriverRestarting', firing: { [created('spark-agg-driver')]: '100x20 1300x20' }, quiet: { [created('spark-agg-driver')]: '100x40' }, at: '30m', labels: { namespace: 'acme', pod: 'spark-agg-driver' }, summary: 'The Spark driver of spark-agg was restarted 1 time(s) in an hour' },
    ]);
  });

  it('platform: Flux not applying, certificates not renewing, secrets not syncing, quotas nearly full', () => {
    const quota = (type: string) => `kube_resourcequota{namespace="acme", resource="requests.cpu", resourcequota="acme", type="${type}"}`;
    expectAllPass(platformRuleGroup('staging', runbooks), { environment: 'staging', owner: 'platform' }, [
      {
        alert: 'FluxReconciliationFailing',
        firing: { 'gotk_resource_info{customresource_kind="Kustomization", exported_namespace="flux-system", name="apps", ready="False"}': '1x30' },
        quiet: { 'gotk_resource_info{customresource_kind="Kustomization", exported_namespace="flux-system", name="apps", ready="True"}': '1x30' },
        at: '20m',
        labels: { customresource_kind: 'Kustomization', exported_namespace: 'flux-system', name: 'apps', ready: 'False' },
        summary: 'Flux Kustomization flux-system/apps is not ready',
      },
      {
        alert: 'CertificateExpiringSoon',
        firing: { 'certmanager_certificate_expiration_timestamp_seconds{namespace="acme", name="shop-api-tls"}': '864000x120' },
        quiet: { 'certmanager_certificate_expiration_timestamp_seconds{namespace="acme", name="shop-api-tls"}': '5184000x120' },
        at: '1h',
        labels: { namespace: 'acme', name: 'shop-api-tls' },
        summary: 'Certificate acme/shop-api-tls expires in 9d 23h 0m 0s',
      },
      {
        alert: 'ExternalSecretNotSyncing',
        firing: { 'externalsecret_status_condition{namespace="acme", name="shop-api-token", condition="Ready", status="False"}': '1x30' },
        quiet: { 'externalsecret_status_condition{namespace="acme", name="shop-api-token", condition="Ready", status="True"}': '1x30' },
        at: '20m',
        labels: { namespace: 'acme', name: 'shop-api-token', condition: 'Ready', status: 'False' },
        summary: 'ExternalSecret acme/shop-api-token cannot read its secret',
      },
      {
        alert: 'NamespaceQuotaNearlyFull',
        firing: { [quota('used')]: '9.5x30', [quota('hard')]: '10x30' },
        quiet: { [quota('used')]: '5x30', [quota('hard')]: '10x30' },
        at: '20m',
        labels: { namespace: 'acme', resource: 'requests.cpu', resourcequota: 'acme' },
        summary: 'Namespace acme uses 95% of its requests.cpu quota',
      },
    ]);
  });

  it('leaves no alert in the catalog without a firing and a quiet test', () => {
    expect(ALERT_NAMES.filter((name) => !covered.has(name))).toEqual([]);
  });
});
