import { DASHBOARD_LABEL, RETRAINING_SKIP } from '@workbench/platform-contract';
import { FOLDER_ANNOTATION } from '../components/grafana-dashboard.js';
import type { HelmServiceArgs } from '../components/helm-service.js';
import { alertmanagerValues, PLATFORM_SLACK_SECRET } from '../operations/alert-routing.js';

/** MLflow's database credentials: the chart reads them from this Secret. */
const MLFLOW_BACKEND_STORE = { name: 'mlflow-backend-store', remoteKey: 'mlflow/backend-store' };

type ServiceDefinition = Omit<HelmServiceArgs, 'dependsOn'> & { dependsOn?: string[] };
import { karpenterInterruptionQueueName, lakeObjectPrefix, MLFLOW_ARTIFACTS_URI, PLATFORM_IDENTITIES, PLATFORM_SLACK_WEBHOOK_KEY, type StackConfig } from '@workbench/stack-config';

/**
 * The platform services every environment runs, as pinned Helm charts. Values differ between
 * environments only through the stack config (replicas, retention, which services exist).
 */
/** Where this environment's cloud names come from (platform/cloud/Pulumi.shared.yaml). */
export interface CloudNames {
  organization: string;
  env: string;
}

export function platformServices(config: StackConfig, cloud: CloudNames): HelmServiceArgs[] {
  const services = serviceDefinitions(config, cloud);
  const namespaceOf = (name: string) => {
    const service = services.find((s) => s.name === name);
    if (!service) throw new Error(`platform service ${name} is a dependency but is not defined`);
    return service.namespace ?? service.name;
  };
  return services.map(({ dependsOn, ...service }) => ({
    ...service,
    ...(dependsOn ? { dependsOn: dependsOn.map((name) => ({ name, namespace: namespaceOf(name) })) } : {}),
  }));
}

function serviceDefinitions(config: StackConfig, cloud: CloudNames): ServiceDefinition[] {
  const { platform, cluster } = config;
  const services: ServiceDefinition[] = [
    {
      name: 'ingress-nginx',
      podSecurity: 'baseline', // the controller binds ports 80/443 (NET_BIND_SERVICE)
      repository: { name: 'ingress-nginx', url: 'https://kubernetes.github.io/ingress-nginx' },
      chart: 'ingress-nginx',
      version: '4.11.3',
      values: {
        controller: {
          replicaCount: platform.ingressReplicas,
          ingressClassResource: { name: cluster.ingressClass, default: true },
          metrics: { enabled: true, serviceMonitor: { enabled: true } },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
        },
      },
      dependsOn: ['kube-prometheus-stack'],
    },
    {
      name: 'cert-manager',
      podSecurity: 'restricted',
      repository: { name: 'jetstack', url: 'https://charts.jetstack.io' },
      chart: 'cert-manager',
      version: 'v1.16.2',
      values: {
        crds: { enabled: true },
        prometheus: { servicemonitor: { enabled: true } },
        serviceAccount: { name: PLATFORM_IDENTITIES['cert-manager'].serviceAccount },
      },
      dependsOn: ['kube-prometheus-stack'],
    },
    {
      name: 'external-secrets',
      podSecurity: 'restricted',
      repository: { name: 'external-secrets', url: 'https://charts.external-secrets.io' },
      chart: 'external-secrets',
      version: '0.19.2',
      values: {
        installCRDs: true,
        serviceMonitor: { enabled: true }, // externalsecret_status_condition, for ExternalSecretNotSyncing
        // Its AWS role comes through EKS Pod Identity (platform/cloud), so no role ARN is written here.
        serviceAccount: { name: PLATFORM_IDENTITIES['external-secrets'].serviceAccount },
      },
    },
    {
      name: 'kube-prometheus-stack',
      namespace: 'monitoring',
      servesApps: true, // apps may query Prometheus
      podSecurity: 'privileged', // node-exporter reads host metrics through hostPID/hostNetwork
      repository: { name: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts' },
      chart: 'kube-prometheus-stack',
      version: '66.3.1',
      values: {
        prometheus: {
          prometheusSpec: {
            retention: platform.prometheusRetention,
            // Select every ServiceMonitor and PrometheusRule, not only the chart's own: apps render theirs.
            serviceMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
          },
        },
        // Flux's readiness as metrics (gotk_resource_info), the configuration Flux's monitoring guide
        // gives; and retraining runs skipped by the cooldown, from their model's Lease.
        'kube-state-metrics': customResourceMetrics(),
        alertmanager: alertmanagerValues(config.alerting),
        grafana: {
          ingress: { enabled: true, ingressClassName: cluster.ingressClass, hosts: [`grafana.${config.domain}`] },
          // Dashboards rendered as ConfigMaps in any namespace, each into the folder it names.
          sidecar: {
            dashboards: {
              enabled: true,
              label: DASHBOARD_LABEL,
              labelValue: '1',
              searchNamespace: 'ALL',
              folderAnnotation: FOLDER_ANNOTATION,
              provider: { foldersFromFilesStructure: true },
            },
          },
        },
      },
      // The platform team's Slack webhook URL (a JSON secret with a "webhook-url" property), mounted into Alertmanager as a file.
      ...(config.alerting.platform?.slack ? { secrets: [{ name: PLATFORM_SLACK_SECRET, remoteKey: PLATFORM_SLACK_WEBHOOK_KEY }] } : {}),
    },
    {
      // Spot capacity for Spark executors and lab workspaces; its AWS side is platform/cloud's.
      name: 'karpenter',
      podSecurity: 'restricted',
      repository: { name: 'karpenter', url: 'oci://public.ecr.aws/karpenter', type: 'oci' },
      chart: 'karpenter',
      version: '1.1.1',
      values: {
        settings: { clusterName: cluster.name, interruptionQueue: karpenterInterruptionQueueName(cloud.env) },
        serviceAccount: { name: PLATFORM_IDENTITIES.karpenter.serviceAccount },
        controller: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
      },
    },
    {
      // Event-driven jobs: model retraining started by drift (a Prometheus query) or by new data
      // (an SQS queue). The operator's ServiceAccount is the one the cloud program gives the
      // identity that may read the retraining queues' length.
      name: 'keda',
      podSecurity: 'restricted',
      repository: { name: 'kedacore', url: 'https://kedacore.github.io/charts' },
      chart: 'keda',
      version: '2.16.1',
      values: {
        serviceAccount: { name: PLATFORM_IDENTITIES.keda.serviceAccount },
        prometheus: { operator: { enabled: true, serviceMonitor: { enabled: true } } },
      },
    },
    {
      name: 'spark-operator',
      podSecurity: 'restricted',
      repository: { name: 'spark-operator', url: 'https://kubeflow.github.io/spark-operator' },
      chart: 'spark-operator',
      version: '2.0.2',
      values: { spark: { jobNamespaces: [] }, prometheus: { metrics: { enable: true } } },
    },
  ];
  if (config.labs) {
    services.push({
      name: 'flux-operator',
      podSecurity: 'restricted',
      repository: { name: 'controlplaneio-fluxcd', url: 'oci://ghcr.io/controlplaneio-fluxcd/charts', type: 'oci' },
      chart: 'flux-operator',
      // The version whose ResourceSet CRDs tools/workbench/schemas/crds/ validates against.
      version: '0.58.1',
      values: {},
    });
  }
  if (platform.mlflow) {
    services.push({
      name: 'mlflow',
      podSecurity: 'restricted',
      repository: { name: 'community-charts', url: 'https://community-charts.github.io/helm-charts' },
      chart: 'mlflow',
      version: '0.17.2',
      values: {
        replicaCount: platform.ingressReplicas > 1 ? 2 : 1,
        backendStore: { existingSecret: MLFLOW_BACKEND_STORE.name },
        serviceAccount: { create: true, name: PLATFORM_IDENTITIES.mlflow.serviceAccount },
        artifactRoot: { s3: { enabled: true, ...mlflowArtifacts(cloud) } },
        ingress: { enabled: true, className: cluster.ingressClass, hosts: [{ host: `mlflow.${config.domain}`, paths: [{ path: '/', pathType: 'Prefix' }] }] },
      },
      secrets: [MLFLOW_BACKEND_STORE],
      servesApps: true, // training jobs record runs and models
      dependsOn: ['external-secrets'],
    });
  }
  return services;
}

/** MLflow's artifact store: its prefix of the environment's models bucket, which its role may use. */
function mlflowArtifacts(cloud: CloudNames): { bucket: string; path: string } {
  const { bucket, prefix } = lakeObjectPrefix(cloud.organization, cloud.env, MLFLOW_ARTIFACTS_URI);
  return { bucket, path: prefix.replace(/\/$/, '') };
}

/**
 * kube-state-metrics custom-resource metrics: Flux Kustomizations and HelmReleases
 * (FluxReconciliationFailing), and the time a retraining run was last skipped by the cooldown,
 * which the run notes on its model's Lease (RetrainingSkippedByCooldown).
 */
function customResourceMetrics(): Record<string, unknown> {
  const resource = (group: string, kind: string, version: string) => ({
    groupVersionKind: { group, version, kind },
    metricNamePrefix: 'gotk',
    metrics: [
      {
        name: 'resource_info',
        help: 'The current state of a Flux resource.',
        each: { type: 'Info', info: { labelsFromPath: { name: ['metadata', 'name'] } } },
        labelsFromPath: {
          exported_namespace: ['metadata', 'namespace'],
          ready: ['status', 'conditions', '[type=Ready]', 'status'],
          suspended: ['spec', 'suspend'],
        },
      },
    ],
  });
  return {
    rbac: {
      extraRules: [
        { apiGroups: ['kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io'], resources: ['kustomizations', 'helmreleases'], verbs: ['list', 'watch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'watch'] },
      ],
    },
    customResourceState: {
      enabled: true,
      config: {
        spec: {
          resources: [resource('kustomize.toolkit.fluxcd.io', 'Kustomization', 'v1'), resource('helm.toolkit.fluxcd.io', 'HelmRelease', 'v2'), retrainingSkips()],
        },
      },
    },
  };
}

/** `workbench_retraining_skipped_timestamp_seconds{namespace, lease, trigger}` from the skip a run notes on the Lease. */
function retrainingSkips(): Record<string, unknown> {
  const metric = RETRAINING_SKIP.metric.replace(/^workbench_/, '');
  return {
    groupVersionKind: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    metricNamePrefix: 'workbench',
    labelsFromPath: { namespace: ['metadata', 'namespace'], lease: ['metadata', 'name'] },
    metrics: [
      {
        name: metric,
        help: 'When a retraining run was last skipped because the last run started within the cooldown (seconds since the epoch).',
        each: { type: 'Gauge', gauge: { path: ['metadata', 'annotations', RETRAINING_SKIP.annotation] } },
        labelsFromPath: { trigger: ['metadata', 'annotations', RETRAINING_SKIP.triggerAnnotation] },
      },
    ],
  };
}
