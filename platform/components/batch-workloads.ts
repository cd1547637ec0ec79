import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { durationSeconds, type RetrainingTrigger } from '@workbench/workload-spec';
import type { AppContext, WorkloadOf } from './app-context.js';
import { standardLabels } from './labels.js';
import { appContainer, restrictedPodSpec } from './pod-spec.js';
import { declareRetraining, retrainingRun } from './retraining.js';

/** A Job's labels and spec; a retraining app's runs also say which trigger started them. */
export function jobSpec(ctx: AppContext<WorkloadOf<'job' | 'cron'>>, trigger?: RetrainingTrigger) {
  const labels = standardLabels({ app: ctx.app, customer: ctx.customer, version: ctx.version, component: 'batch' });
  const retraining = ctx.workload.kind === 'cron' ? ctx.workload.retraining : undefined;
  const run = retraining && trigger ? retrainingRun(retraining, trigger, ctx.workload.deadline) : undefined;
  const container = run ? appContainer({ ...ctx, workload: { ...ctx.workload, env: { ...ctx.workload.env, ...run.env } } }) : appContainer(ctx);
  return {
    labels,
    spec: {
      backoffLimit: ctx.workload.retries,
      activeDeadlineSeconds: durationSeconds(ctx.workload.deadline),
      ttlSecondsAfterFinished: 7 * 24 * 3600,
      template: {
        metadata: { labels: { ...labels, ...run?.labels } },
        // A retraining run takes its model's lease through the Kubernetes API, so it needs its token.
        spec: restrictedPodSpec(ctx, container, { restartPolicy: 'Never', ...(run ? { automountServiceAccountToken: true } : {}) }),
      },
    },
  };
}

/** What marks a re-run object: which re-run it is and why it was asked for. */
export function rerunMetadata(ctx: AppContext): { labels: Record<string, string>; annotations: Record<string, string> } {
  if (!ctx.rerun) return { labels: {}, annotations: {} };
  return { labels: { 'workbench.dev/rerun': String(ctx.rerun.run) }, annotations: { 'workbench.dev/rerun-reason': ctx.rerun.reason } };
}

/** A scheduled batch run; by default never two at once (`concurrency: Forbid`). */
export function declareCronJob(ctx: AppContext<WorkloadOf<'cron'>>, opts: pulumi.CustomResourceOptions): void {
  const { labels, spec } = jobSpec(ctx, 'schedule');
  if (ctx.workload.retraining) declareRetraining(ctx, ctx.workload.retraining, (trigger) => jobSpec(ctx, trigger), opts);
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
  // A re-run is a one-off Job from the same template, named after its count: a new count is a new Job.
  if (ctx.rerun) {
    const rerun = rerunMetadata(ctx);
    new k8s.batch.v1.Job(
      `${ctx.app}-rerun-job`,
      { metadata: { name: `${ctx.app}-rerun-${ctx.rerun.run}`, namespace: ctx.namespace, labels: { ...labels, ...rerun.labels }, annotations: rerun.annotations }, spec },
      opts,
    );
  }
}

/**
 * A one-off batch run per release. A Job's pod template is immutable, so the name carries the
 * version (and the re-run count): a new release or re-run is a new Job, and Flux prunes the previous one.
 */
export function declareJob(ctx: AppContext<WorkloadOf<'job'>>, opts: pulumi.CustomResourceOptions): void {
  const { labels, spec } = jobSpec(ctx);
  const rerun = rerunMetadata(ctx);
  new k8s.batch.v1.Job(
    `${ctx.app}-job`,
    { metadata: { name: releaseJobName(ctx), namespace: ctx.namespace, labels: { ...labels, ...rerun.labels }, ...(ctx.rerun ? { annotations: rerun.annotations } : {}) }, spec },
    opts,
  );
}

/** The name of a job app's Job in this environment: its release's, and the re-run count when there is one. */
export function releaseJobName(ctx: Pick<AppContext, 'app' | 'version' | 'rerun'>): string {
  const suffix = ctx.rerun ? `-rerun-${ctx.rerun.run}` : '';
  return `${jobName(ctx.app, ctx.version).slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** `<app>-<version>` cut to the 63 characters a Job name (and its pod labels) allows. */
export function jobName(app: string, version: string): string {
  const safeVersion = version.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${app}-${safeVersion}`.slice(0, 63).replace(/-+$/, '');
}
