import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { appRuleGroup } from '../operations/app-alert-rules.js';
import { registeredModelName } from '@workbench/workload-spec';
import { appDashboard, modelDashboard } from '../operations/dashboards.js';
import type { RuleGroup } from '../operations/rule-group.js';
import type { AppContext } from './app-context.js';
import { releaseJobName } from './batch-workloads.js';
import { grafanaDashboard } from './grafana-dashboard.js';
import { standardLabels } from './labels.js';

/** A PrometheusRule: the operator loads its groups into Prometheus (kube-prometheus-stack selects every one). */
export function prometheusRule(name: string, namespace: string, labels: Record<string, string>, groups: RuleGroup[], opts: pulumi.CustomResourceOptions): void {
  new k8s.apiextensions.CustomResource(
    `${namespace}-${name}-prometheusrule`,
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name, namespace, labels }, spec: { groups } },
    opts,
  );
}

/** The app's alerts by kind and its dashboard, beside its other objects in its namespace. */
export function declareAppAlerts(ctx: AppContext, opts: pulumi.CustomResourceOptions): void {
  const group = appRuleGroup(
    {
      app: ctx.app,
      customer: ctx.customer,
      environment: ctx.cluster.environment,
      namespace: ctx.namespace,
      workload: ctx.workload,
      jobNames: [releaseJobName(ctx)],
    },
    ctx.cluster.runbooks,
  );
  prometheusRule(ctx.app, ctx.namespace, standardLabels({ app: ctx.app, customer: ctx.customer, version: ctx.version, component: 'alerts' }), [group], opts);
  grafanaDashboard(
    {
      name: ctx.app,
      namespace: ctx.namespace,
      folder: ctx.customer,
      labels: standardLabels({ app: ctx.app, customer: ctx.customer, component: 'dashboard' }),
      dashboard: appDashboard(ctx.app, ctx.namespace, ctx.cluster.environment, ctx.workload),
    },
    opts,
  );
  // The model a service serves gets its own dashboard (per serving app: two apps may serve one model).
  if (ctx.workload.kind === 'service' && ctx.workload.model) {
    const model = registeredModelName(ctx.customer, ctx.workload.model);
    grafanaDashboard(
      {
        name: `${ctx.app}-model`,
        namespace: ctx.namespace,
        folder: ctx.customer,
        labels: standardLabels({ app: ctx.app, customer: ctx.customer, component: 'dashboard' }),
        dashboard: modelDashboard(model, ctx.app, ctx.namespace, ctx.cluster.environment),
      },
      opts,
    );
  }
}
