import { createHash } from 'node:crypto';
import { DashboardBuilder, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { DRIFT_METRICS, MODEL_AGE_METRIC } from '@workbench/platform-contract';
import type { ResolvedWorkload } from '@workbench/workload-spec';
import { selector } from './rule-group.js';
import { deploymentPods, sparkDrivers } from './object-names.js';
import { errorRatioRecord } from './slo-rules.js';

// Dashboards as code with the Grafana Foundation SDK (its typed builders are the schema check): one per app (golden signals for a service;
// runs, durations, failures and last success for batch kinds), one per customer and one per
// environment. kube-prometheus-stack's Grafana sidecar loads them from ConfigMaps.

const query = (expr: string, legend: string) => new DataqueryBuilder().expr(expr).legendFormat(legend);
const graph = (title: string, unit: string, ...targets: DataqueryBuilder[]) => {
  const panel = new TimeseriesPanel().title(title).unit(unit).height(8).span(12);
  for (const target of targets) panel.withTarget(target);
  return panel;
};
const stat = (title: string, unit: string, target: DataqueryBuilder) => new StatPanel().title(title).unit(unit).height(4).span(6).withTarget(target);

/**
 * The uid Grafana files a dashboard under: stable across renders and at most the 40 characters
 * Grafana allows; a longer one keeps a hash of the whole, so two long app names never share one.
 */
export function dashboardUid(...parts: string[]): string {
  const uid = `wb-${parts.join('-')}`;
  return uid.length <= 40 ? uid : `${uid.slice(0, 31)}-${createHash('sha256').update(uid).digest('hex').slice(0, 8)}`;
}

function base(title: string, uid: string, tags: string[]): DashboardBuilder {
  return new DashboardBuilder(title).uid(uid).tags(['workbench', ...tags]).refresh('1m').time({ from: 'now-24h', to: 'now' }).timezone('utc').readonly();
}

/** One app's dashboard in one environment. */
export function appDashboard(app: string, namespace: string, environment: string, workload: ResolvedWorkload): Dashboard {
  const board = base(`${app} (${environment})`, dashboardUid(environment, app), [environment, namespace, workload.kind]);
  const ns = { namespace };
  const firing = stat('Alerts firing', 'none', query(`count(ALERTS${selector({ app, alertstate: 'firing' })}) or vector(0)`, 'firing'));
  switch (workload.kind) {
    case 'service': {
      const target = selector({ ...ns, job: app });
      board
        .withRow(new RowBuilder('Golden signals'))
        .withPanel(graph('Traffic', 'reqps', query(`sum by (status) (rate(http_requests_total${target}[5m]))`, '{{status}}')))
        .withPanel(graph('Errors (share of 5xx)', 'percentunit', query(`${errorRatioRecord('5m')}${selector({ ...ns, app, slo: 'availability' })}`, 'errors')))
        .withPanel(
          graph(
            'Latency',
            's',
            ...[0.5, 0.95, 0.99].map((q) => query(`histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket${target}[5m])))`, `p${q * 100}`)),
          ),
        )
        .withPanel(graph('Saturation (CPU cores)', 'none', query(`sum(rate(container_cpu_usage_seconds_total${selector(ns, { pod: deploymentPods(app), container: '.+' })}[5m]))`, 'cpu')))
        .withRow(new RowBuilder('Objectives'))
        .withPanel(stat('Availability objective', 'percent', query(`vector(${workload.slo.availability})`, 'objective')))
        .withPanel(stat(`Requests under ${workload.slo.latencyMs} ms objective`, 'percent', query(`vector(${workload.slo.latencyObjective})`, 'objective')))
        .withPanel(stat('Replicas available', 'none', query(`kube_deployment_status_replicas_available${selector({ ...ns, deployment: app })}`, 'available')))
        .withPanel(firing);
      break;
    }
    case 'job':
    case 'cron': {
      const jobs = selector(ns, { job_name: `${app}-.+` });
      board
        .withRow(new RowBuilder('Runs'))
        .withPanel(graph('Runs succeeded and failed', 'none', query(`sum(kube_job_status_succeeded${jobs})`, 'succeeded'), query(`sum(kube_job_status_failed${jobs})`, 'failed')))
        .withPanel(graph('Run duration', 's', query(`kube_job_status_completion_time${jobs} - kube_job_status_start_time${jobs}`, '{{job_name}}')))
        .withPanel(
          stat(
            'Since last success',
            's',
            workload.kind === 'cron'
              ? query(`time() - kube_cronjob_status_last_successful_time${selector({ ...ns, cronjob: app })}`, 'since')
              : query(`time() - max(kube_job_status_completion_time${jobs})`, 'since'),
          ),
        )
        .withPanel(stat('Running now', 'none', query(`sum(kube_job_status_active${jobs}) or vector(0)`, 'active')))
        .withPanel(firing);
      break;
    }
    case 'spark-job': {
      const drivers = selector(ns, { pod: sparkDrivers(app) });
      board
        .withRow(new RowBuilder('Runs'))
        .withPanel(graph('Driver phase', 'none', query(`sum by (phase) (kube_pod_status_phase${drivers})`, '{{phase}}')))
        .withPanel(graph('Executors', 'none', query(`count(kube_pod_info${selector(ns, { pod: `${app}.*-exec-[0-9]+` })}) or vector(0)`, 'executors')))
        .withPanel(stat('Driver restarts (1h)', 'none', query(`sum(changes(kube_pod_created${drivers}[1h])) or vector(0)`, 'restarts')))
        .withPanel(firing);
      break;
    }
  }
  return board.build();
}

/**
 * A model's dashboard in one environment, from what the service serving it reports: drift per
 * feature and of the predictions against the training data, inputs missing or out of range, and
 * which version served when (each version is a series from its registration on).
 */
export function modelDashboard(registeredModel: string, servingApp: string, namespace: string, environment: string): Dashboard {
  const target = selector({ namespace, job: servingApp });
  return base(`Model ${registeredModel} served by ${servingApp} (${environment})`, dashboardUid(environment, servingApp, 'model'), [environment, namespace, 'model', registeredModel])
    .withRow(new RowBuilder('Drift against the training data'))
    .withPanel(graph('Drift per feature (PSI)', 'none', query(`max by (feature) (${DRIFT_METRICS.featurePsi}${target})`, '{{feature}}')))
    .withPanel(graph('Prediction distribution drift (PSI)', 'none', query(`max(${DRIFT_METRICS.predictionPsi}${target})`, 'predictions')))
    .withPanel(graph('Inputs missing (share)', 'percentunit', query(`max by (feature) (${DRIFT_METRICS.missingRatio}${target})`, '{{feature}}')))
    .withPanel(graph('Inputs outside the training range (share)', 'percentunit', query(`max by (feature) (${DRIFT_METRICS.outOfRangeRatio}${target})`, '{{feature}}')))
    .withRow(new RowBuilder('Versions'))
    .withPanel(graph('Version serving over time (registered at)', 'dateTimeAsIso', query(`max by (version) (${MODEL_AGE_METRIC}${target})`, 'version {{version}}')))
    .withPanel(stat('Age of the serving version', 's', query(`time() - max(${MODEL_AGE_METRIC}${target})`, 'age')))
    .withPanel(stat('Requests in the drift window', 'none', query(`sum(${DRIFT_METRICS.windowRequests}${target}) or vector(0)`, 'requests')))
    .build();
}

/** A customer's overview in one environment: its apps' alerts and each app's state. */
export function customerDashboard(customer: string, environment: string, apps: string[]): Dashboard {
  return base(`${customer} overview (${environment})`, dashboardUid(environment, 'customer', customer), [environment, customer, 'overview'])
    .withPanel(stat('Apps', 'none', query(`vector(${apps.length})`, 'apps')))
    .withPanel(stat('Alerts firing', 'none', query(`count(ALERTS${selector({ customer, alertstate: 'firing' })}) or vector(0)`, 'firing')))
    .withPanel(graph('Alerts firing by app', 'none', query(`count by (app, alertname) (ALERTS${selector({ customer, alertstate: 'firing' })})`, '{{app}} {{alertname}}')))
    .withPanel(graph('Requests by app', 'reqps', query(`sum by (job) (rate(http_requests_total${selector({ namespace: customer })}[5m]))`, '{{job}}')))
    .build();
}

/** The environment's overview: every customer, the platform's own alerts, Flux. */
export function environmentDashboard(environment: string, customers: string[]): Dashboard {
  return base(`Workbench ${environment}`, dashboardUid(environment, 'overview'), [environment, 'overview'])
    .withPanel(stat('Customers', 'none', query(`vector(${customers.length})`, 'customers')))
    .withPanel(stat('Alerts firing', 'none', query(`count(ALERTS${selector({ environment, alertstate: 'firing' })}) or vector(0)`, 'firing')))
    .withPanel(graph('Alerts firing by owner', 'none', query(`count by (owner) (ALERTS${selector({ environment, alertstate: 'firing' })})`, '{{owner}}')))
    .withPanel(graph('Flux objects not ready', 'none', query('count by (customresource_kind) (gotk_resource_info{ready="False"}) or vector(0)', '{{customresource_kind}}')))
    .build();
}
