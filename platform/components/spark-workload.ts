import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { AppContext } from './app-context.js';
import { standardLabels } from './labels.js';
import { SECRET_VALUE_KEY } from './pod-spec.js';

/**
 * A Spark job run by spark-operator: a SparkApplication, or a ScheduledSparkApplication when the
 * workload has a schedule. Driver and executors run as non-root with no capabilities.
 */
export function declareSparkJob(ctx: AppContext, opts: pulumi.CustomResourceOptions): void {
  const { workload, app, namespace } = ctx;
  const spark = workload.spark!;
  const labels = standardLabels({ app, customer: ctx.customer, version: ctx.version, component: 'spark' });
  const env = Object.keys(workload.env ?? {})
    .sort()
    .map((name) => ({ name, value: workload.env![name]! }));
  const envFrom = workload.secrets.map((s) => ({ name: s.env, valueFrom: { secretKeyRef: { name: s.name, key: SECRET_VALUE_KEY } } }));
  const securityContext = {
    runAsNonRoot: true,
    runAsUser: 185,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const pod = (cores: number, memory: string) => ({
    cores,
    memory,
    labels,
    serviceAccount: app,
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
    restartPolicy: { type: 'OnFailure', onFailureRetries: 2, onFailureRetryInterval: 60, onSubmissionFailureRetries: 2, onSubmissionFailureRetryInterval: 60 },
    driver: pod(spark.driver.cores, spark.driver.memory),
    executor: { ...pod(spark.executor.cores, spark.executor.memory), instances: spark.executor.instances },
  };
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
  } else {
    new k8s.apiextensions.CustomResource(
      `${app}-spark`,
      { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication', metadata: { name: app, namespace, labels }, spec: template },
      opts,
    );
  }
}
