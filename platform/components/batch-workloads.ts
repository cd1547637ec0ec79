import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { durationSeconds } from '@workbench/workload-spec';
import type { AppContext, WorkloadOf } from './app-context.js';
import { standardLabels } from './labels.js';
import { appContainer, restrictedPodSpec } from './pod-spec.js';

function jobSpec(ctx: AppContext<WorkloadOf<'job' | 'cron'>>) {
  const labels = standardLabels({ app: ctx.app, customer: ctx.customer, version: ctx.version, component: 'batch' });
  return {
    labels,
    spec: {
      backoffLimit: ctx.workload.retries,
      activeDeadlineSeconds: durationSeconds(ctx.workload.deadline),
      ttlSecondsAfterFinished: 7 * 24 * 3600,
      template: {
        metadata: { labels },
        spec: restrictedPodSpec(ctx, appContainer(ctx), { restartPolicy: 'Never' }),
      },
    },
  };
}

/** A scheduled batch run; by default never two at once (`concurrency: Forbid`). */
export function declareCronJob(ctx: AppContext<WorkloadOf<'cron'>>, opts: pulumi.CustomResourceOptions): void {
  const { labels, spec } = jobSpec(ctx);
  new k8s.batch.v1.CronJob(
    `${ctx.app}-cronjob`,
    {
      metadata: { name: ctx.app, namespace: ctx.namespace, labels },
      spec: {
        schedule: ctx.workload.schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: ctx.workload.concurrency,
        suspend: ctx.workload.suspend ?? false,
        startingDeadlineSeconds: durationSeconds(ctx.workload.startingDeadline),
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: { metadata: { labels }, spec },
      },
    },
    opts,
  );
}

/**
 * A one-off batch run per release. A Job's pod template is immutable, so the name carries the
 * version: a new release is a new Job, and Flux prunes the previous one.
 */
export function declareJob(ctx: AppContext<WorkloadOf<'job'>>, opts: pulumi.CustomResourceOptions): void {
  const { labels, spec } = jobSpec(ctx);
  new k8s.batch.v1.Job(`${ctx.app}-job`, { metadata: { name: jobName(ctx.app, ctx.version), namespace: ctx.namespace, labels }, spec }, opts);
}

/** `<app>-<version>` cut to the 63 characters a Job name (and its pod labels) allows. */
export function jobName(app: string, version: string): string {
  const safeVersion = version.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${app}-${safeVersion}`.slice(0, 63).replace(/-+$/, '');
}
