import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { promNumber } from '../operations/rule-group.js';
import { sustainedDriftQuery } from '../operations/drift-query.js';
import { retrainingLeaseName } from '../operations/object-names.js';
import type { Retraining, RetrainingTrigger } from '@workbench/workload-spec';
import type { AppContext, WorkloadOf } from './app-context.js';
import { standardLabels } from './labels.js';


/** What a run of a retraining app is told (its env) and marked with (its pod's labels). */
export function retrainingRun(retraining: Retraining, trigger: RetrainingTrigger, deadline: string): { env: Record<string, string>; labels: Record<string, string> } {
  return {
    env: {
      RETRAINING_MODEL: retraining.model,
      RETRAINING_TRIGGER: trigger,
      RETRAINING_COOLDOWN: retraining.cooldown,
      // How long the run's hold on the Lease lasts if it dies without releasing it.
      RETRAINING_DEADLINE: deadline,
      RETRAINING_LEASE: retrainingLeaseName(retraining.model),
    },
    labels: { 'workbench.dev/model': retraining.model, 'workbench.dev/retraining-trigger': trigger },
  };
}

/** A Job spec started by one trigger: the same template as the cron's runs, with that trigger recorded. */
type JobSpecFor = (trigger: RetrainingTrigger) => { labels: Record<string, string>; spec: Record<string, unknown> };

/**
 * Everything retraining adds to a training app besides its CronJob: the model's Lease and the
 * Role that lets the app's runs take it (that one Lease, get and update only), and a KEDA
 * ScaledJob per event trigger. Each ScaledJob starts at most one Job at a time; the Lease makes
 * that one run per model whichever of the three fired.
 */
export function declareRetraining(ctx: AppContext<WorkloadOf<'cron'>>, retraining: Retraining, jobSpecFor: JobSpecFor, opts: pulumi.CustomResourceOptions): void {
  const labels = { ...standardLabels({ app: ctx.app, customer: ctx.customer, version: ctx.version, component: 'retraining' }), 'workbench.dev/model': retraining.model };
  const lease = retrainingLeaseName(retraining.model);
  // The holder fields are the runs' to write; the render owns only the object's existence and labels.
  new k8s.coordination.v1.Lease(`${ctx.app}-retraining-lease`, { metadata: { name: lease, namespace: ctx.namespace, labels }, spec: {} }, opts);
  new k8s.rbac.v1.Role(
    `${ctx.app}-retraining-role`,
    {
      metadata: { name: `${ctx.app}-retraining`, namespace: ctx.namespace, labels },
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [lease], verbs: ['get', 'update'] }],
    },
    opts,
  );
  new k8s.rbac.v1.RoleBinding(
    `${ctx.app}-retraining-rolebinding`,
    {
      metadata: { name: `${ctx.app}-retraining`, namespace: ctx.namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${ctx.app}-retraining` },
      subjects: [{ kind: 'ServiceAccount', name: ctx.app, namespace: ctx.namespace }],
    },
    opts,
  );

  if (retraining.drift) {
    const { app, threshold, for: window } = retraining.drift;
    scaledJob(ctx, 'drift', labels, jobSpecFor('drift'), [
      {
        type: 'prometheus',
        metadata: {
          serverAddress: `http://kube-prometheus-stack-prometheus.${ctx.cluster.monitoringNamespace}.svc:9090`,
          query: sustainedDriftQuery({ namespace: ctx.namespace, app }, window),
          threshold: promNumber(threshold),
          activationThreshold: promNumber(threshold),
        },
      },
    ], opts);
  }
  if (retraining.newData) {
    const auth = `${ctx.app}-new-data`;
    // KEDA reads the queue's length as itself (the operator's identity may read retraining queues only).
    new k8s.apiextensions.CustomResource(
      `${ctx.app}-new-data-auth`,
      { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', metadata: { name: auth, namespace: ctx.namespace, labels }, spec: { podIdentity: { provider: 'aws', identityOwner: 'keda' } } },
      opts,
    );
    scaledJob(ctx, 'new-data', labels, jobSpecFor('newData'), [
      {
        type: 'aws-sqs-queue',
        authenticationRef: { name: auth },
        metadata: { queueURL: ctx.cluster.retrainingQueueUrl(ctx.app), queueLength: String(retraining.newData.batch), awsRegion: ctx.cluster.awsRegion },
      },
    ], opts);
  }
}

function scaledJob(
  ctx: AppContext,
  suffix: string,
  labels: Record<string, string>,
  job: ReturnType<JobSpecFor>,
  triggers: Record<string, unknown>[],
  opts: pulumi.CustomResourceOptions,
): void {
  new k8s.apiextensions.CustomResource(
    `${ctx.app}-${suffix}-scaledjob`,
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: `${ctx.app}-${suffix}`, namespace: ctx.namespace, labels },
      spec: {
        jobTargetRef: job.spec,
        pollingInterval: 60,
        // One run at a time from this trigger; the model's Lease serialises the triggers.
        maxReplicaCount: 1,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        triggers,
      },
    },
    opts,
  );
}

/**
 * KEDA names each triggered run `<ScaledJob>-<5 random characters>`, a Job name that, like every
 * object name here, must fit a DNS label (63): the longest app name each trigger leaves room for.
 */
export const MAX_TRIGGERED_APP_NAME = { drift: 63 - '-drift'.length - 6, newData: 63 - '-new-data'.length - 6 } as const;
