import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { bytes } from '@workbench/workload-spec';
import { sparkDriverAccount, sparkEventLogUri } from '@workbench/stack-config';
import type { AppContext, WorkloadOf } from './app-context.js';
import { rerunMetadata } from './batch-workloads.js';
import { selectorLabels, standardLabels } from './labels.js';
import { SECRET_VALUE_KEY } from './pod-spec.js';
import { SPARK_USER } from './run-as.js';
import { SPOT_SCHEDULING } from './spot-capacity.js';

/** Spark's memory notation ("512m", "2g") in bytes. */
function sparkBytes(memory: string): number {
  return bytes(memory.replace(/m$/, 'Mi').replace(/g$/, 'Gi'));
}

/**
 * What one Spark pod (driver or executor) asks of its namespace. The memory overhead is set
 * explicitly (PySpark's Python workers live in it: 40 % of the heap, at least 384 MiB) and the
 * CPU limit equals the cores, so the quota can be checked before the cluster sees the job.
 */
export function sparkPodResources(cores: number, memory: string): { cpuMillicores: number; memoryBytes: number; overhead: string } {
  const heap = sparkBytes(memory);
  const overheadMi = Math.max(384, Math.ceil((heap * 0.4) / 2 ** 20));
  return { cpuMillicores: cores * 1000, memoryBytes: heap + overheadMi * 2 ** 20, overhead: `${overheadMi}m` };
}


/**
 * A Spark job run by spark-operator: a SparkApplication, or a ScheduledSparkApplication when the
 * workload has a schedule. Driver and executors run as non-root with no capabilities. The driver
 * creates its executors itself, so it alone gets a token, a Role over exactly the objects Spark
 * on Kubernetes manages in its namespace, and egress to the API server; executors get none.
 */
export function declareSparkJob(ctx: AppContext<WorkloadOf<'spark-job'>>, opts: pulumi.CustomResourceOptions): void {
  const { workload, app, namespace } = ctx;
  const spark = workload.spark;
  const labels = standardLabels({ app, customer: ctx.customer, version: ctx.version, component: 'spark' });
  const env = Object.keys(workload.env ?? {})
    .sort()
    .map((name) => ({ name, value: workload.env![name]! }));
  const envFrom = workload.secrets.map((s) => ({ name: s.env, valueFrom: { secretKeyRef: { name: s.name, key: SECRET_VALUE_KEY } } }));
  const securityContext = {
    runAsNonRoot: true,
    runAsUser: SPARK_USER,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const pod = (cores: number, memory: string, serviceAccount: string) => ({
    cores,
    coreLimit: String(cores),
    memory,
    memoryOverhead: sparkPodResources(cores, memory).overhead,
    labels,
    serviceAccount,
    env: [...env, ...envFrom],
    securityContext,
  });
  const template = {
    type: 'Python',
    mode: 'cluster',
    image: ctx.image,
    imagePullPolicy: 'IfNotPresent',
    mainApplicationFile: spark.mainApplicationFile,
    sparkVersion: spark.sparkVersion,
    // Event logs go to the job's own prefix of the lake's spark-logs bucket, which its role may write.
    sparkConf: { 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': ctx.cluster.lakeLocation(sparkEventLogUri(ctx.customer, app)).replace(/^s3:/, 's3a:') },
    restartPolicy: { type: 'OnFailure', onFailureRetries: workload.retries, onFailureRetryInterval: 60, onSubmissionFailureRetries: 2, onSubmissionFailureRetryInterval: 60 },
    driver: pod(spark.driver.cores, spark.driver.memory, sparkDriverAccount(app)),
    // Executors on spot capacity; the driver stays on on-demand nodes (losing it loses the job).
    executor: { ...pod(spark.executor.cores, spark.executor.memory, app), instances: spark.executor.instances, ...SPOT_SCHEDULING },
  };
  declareDriverAccess(ctx, labels, opts);
  if (workload.schedule) {
    new k8s.apiextensions.CustomResource(
      `${app}-scheduled-spark`,
      {
        apiVersion: 'sparkoperator.k8s.io/v1beta2',
        kind: 'ScheduledSparkApplication',
        metadata: { name: app, namespace, labels },
        spec: { schedule: workload.schedule, concurrencyPolicy: 'Forbid', suspend: workload.suspend ?? false, template },
      },
      opts,
    );
  }
  // Without a schedule the SparkApplication is the run; a re-run is a new one named after its
  // count. With a schedule, a re-run is a one-off SparkApplication beside it.
  if (!workload.schedule || ctx.rerun) {
    const rerun = rerunMetadata(ctx);
    new k8s.apiextensions.CustomResource(
      ctx.rerun ? `${app}-spark-rerun` : `${app}-spark`,
      {
        apiVersion: 'sparkoperator.k8s.io/v1beta2',
        kind: 'SparkApplication',
        metadata: { name: ctx.rerun ? `${app}-rerun-${ctx.rerun.run}` : app, namespace, labels: { ...labels, ...rerun.labels }, ...(ctx.rerun ? { annotations: rerun.annotations } : {}) },
        spec: template,
      },
      opts,
    );
  }
}

// What Spark on Kubernetes creates for a job (executor pods, the driver's headless service, its
// config maps and on-demand volume claims), in the job's own namespace only.
const DRIVER_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'deletecollection', 'patch'] },
  { apiGroups: [''], resources: ['services', 'configmaps', 'persistentvolumeclaims'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'deletecollection'] },
];

function declareDriverAccess(ctx: AppContext, labels: Record<string, string>, opts: pulumi.CustomResourceOptions): void {
  const { app, namespace } = ctx;
  const account = sparkDriverAccount(app);
  new k8s.core.v1.ServiceAccount(`${app}-spark-driver-sa`, { metadata: { name: account, namespace, labels }, automountServiceAccountToken: true }, opts);
  new k8s.rbac.v1.Role(`${app}-spark-driver-role`, { metadata: { name: account, namespace, labels }, rules: DRIVER_RULES }, opts);
  new k8s.rbac.v1.RoleBinding(
    `${app}-spark-driver-binding`,
    {
      metadata: { name: account, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace }],
    },
    opts,
  );

  // Driver and executors talk to each other (RPC, block manager) on ports Spark picks; the
  // driver alone reaches the API server.
  const self = { podSelector: { matchLabels: selectorLabels(app) } };
  new k8s.networking.v1.NetworkPolicy(
    `${app}-spark-allow`,
    {
      metadata: { name: `${app}-spark`, namespace, labels },
      spec: { podSelector: { matchLabels: selectorLabels(app) }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [self] }], egress: [{ to: [self] }] },
    },
    opts,
  );
  new k8s.networking.v1.NetworkPolicy(
    `${app}-spark-driver-api`,
    {
      metadata: { name: `${app}-spark-driver-api`, namespace, labels },
      spec: {
        podSelector: { matchLabels: { ...selectorLabels(app), 'spark-role': 'driver' } },
        policyTypes: ['Egress'],
        egress: [{ to: ctx.cluster.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 443 }] }],
      },
    },
    opts,
  );
}
