import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { AppContext, WorkloadOf } from './app-context.js';
import { selectorLabels, standardLabels } from './labels.js';
import { appContainer, restrictedPodSpec } from './pod-spec.js';

/** The port of every app's Service; it forwards to the container's `http` port. */
export const SERVICE_PORT = 80;

/**
 * A long-running HTTP service: Deployment with probes, Service, an autoscaler or a fixed replica
 * count, a disruption budget, a ServiceMonitor, an Ingress when it has a host, and the network
 * policy that lets the ingress controller and Prometheus reach its port.
 */
export function declareService(ctx: AppContext<WorkloadOf<'service'>>, opts: pulumi.CustomResourceOptions): void {
  const { workload, namespace, app } = ctx;
  const port = workload.port;
  const labels = standardLabels({ app, customer: ctx.customer, version: ctx.version, component: 'service' });
  const selector = selectorLabels(app);
  const probe = (path: string, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold,
  });
  const minReplicas = workload.autoscaling?.minReplicas ?? workload.replicas ?? 1;

  new k8s.apps.v1.Deployment(
    `${app}-deployment`,
    {
      metadata: { name: app, namespace, labels },
      spec: {
        ...(workload.autoscaling ? {} : { replicas: workload.replicas ?? 1 }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: restrictedPodSpec(
            ctx,
            appContainer(ctx, {
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              livenessProbe: probe(workload.healthPath, 3),
              readinessProbe: probe(workload.readinessPath, 2),
              startupProbe: { ...probe(workload.healthPath, 30), periodSeconds: 2 },
            }),
            { terminationGracePeriodSeconds: 30 },
          ),
        },
      },
    },
    opts,
  );

  new k8s.core.v1.Service(
    `${app}-service`,
    {
      metadata: { name: app, namespace, labels },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http', protocol: 'TCP' }] },
    },
    opts,
  );

  if (workload.autoscaling) {
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${app}-hpa`,
      {
        metadata: { name: app, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
          minReplicas: workload.autoscaling.minReplicas,
          maxReplicas: workload.autoscaling.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: workload.autoscaling.targetCPUUtilizationPercentage } },
            },
          ],
        },
      },
      opts,
    );
  }

  // With one replica a minAvailable budget would block node drains forever; allow one down instead.
  new k8s.policy.v1.PodDisruptionBudget(
    `${app}-pdb`,
    {
      metadata: { name: app, namespace, labels },
      spec: { selector: { matchLabels: selector }, ...(minReplicas >= 2 ? { minAvailable: 1 } : { maxUnavailable: 1 }) },
    },
    opts,
  );

  new k8s.apiextensions.CustomResource(
    `${app}-servicemonitor`,
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: app, namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        endpoints: [{ port: 'http', path: workload.metricsPath, interval: '30s' }],
      },
    },
    opts,
  );

  if (workload.ingress) {
    const tlsSecret = `${app}-tls`;
    new k8s.networking.v1.Ingress(
      `${app}-ingress`,
      {
        metadata: { name: app, namespace, labels, annotations: { 'cert-manager.io/cluster-issuer': ctx.cluster.clusterIssuer } },
        spec: {
          ingressClassName: ctx.cluster.ingressClass,
          tls: [{ hosts: [workload.ingress.host], secretName: tlsSecret }],
          rules: [
            {
              host: workload.ingress.host,
              http: {
                paths: [{ path: workload.ingress.path, pathType: 'Prefix', backend: { service: { name: app, port: { name: 'http' } } } }],
              },
            },
          ],
        },
      },
      opts,
    );
  }

  const fromNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  new k8s.networking.v1.NetworkPolicy(
    `${app}-allow-ingress`,
    {
      metadata: { name: `${app}-ingress`, namespace, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [fromNamespace(ctx.cluster.ingressNamespace), fromNamespace(ctx.cluster.monitoringNamespace)],
            ports: [{ protocol: 'TCP', port }],
          },
        ],
      },
    },
    opts,
  );
}
