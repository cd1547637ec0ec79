import { ALERT_DEFAULTS, durationSeconds, type ResolvedWorkload } from '@workbench/workload-spec';
import { MODEL_AGE_METRIC, RETRAINING_SKIP } from '@workbench/platform-contract';
import { sustainedDriftQuery } from './drift-query.js';
import { alertRule, type AlertLabels, promNumber, type Rule, type RuleGroup, type RunbookSite, selector } from './rule-group.js';
import { longestScheduleGapSeconds } from './schedule-interval.js';
import { sloRules } from './slo-rules.js';
import { cronJobRuns, deploymentPods, retrainingLeaseName, retrainingRuns, sparkDrivers } from './object-names.js';

/** One app in one environment, as its alerts see it. */
export interface AppAlertTarget {
  app: string;
  customer: string;
  environment: string;
  namespace: string;
  workload: ResolvedWorkload;
  /** Names of the Jobs this environment runs for a `job` app (the release's, and re-runs). */
  jobNames: string[];
}


/** The alerts an app gets by kind, on by default, with the thresholds its workload.yaml resolves to. */
export function appRuleGroup(target: AppAlertTarget, runbooks: RunbookSite): RuleGroup {
  const { app, namespace, workload } = target;
  const who: AlertLabels = { environment: target.environment, owner: workload.owner, app, customer: target.customer };
  const ns = { namespace };
  const rules: Rule[] = [];
  switch (workload.kind) {
    case 'service': {
      rules.push(...sloRules({ namespace, job: app, ...workload.slo }, who, runbooks));
      rules.push(
        alertRule(
          'ServicePodsCrashLooping',
          `sum(increase(kube_pod_container_status_restarts_total${selector(ns, { pod: deploymentPods(app) })}[15m])) >= ${workload.alerts.restarts}`,
          undefined,
          who,
          runbooks,
        ),
        alertRule(
          'ServiceReplicasUnavailable',
          `kube_deployment_status_replicas_unavailable${selector({ ...ns, deployment: app })} > 0`,
          workload.alerts.notReadyFor,
          who,
          runbooks,
        ),
      );
      // A pinned model that nothing newer has replaced within its maximum age.
      if (workload.model) {
        const maxAge = durationSeconds(workload.alerts.modelMaxAge ?? ALERT_DEFAULTS.modelMaxAge);
        rules.push(alertRule('ModelTooOld', `time() - max by (model, version) (${MODEL_AGE_METRIC}${selector({ ...ns, job: app })}) > ${maxAge}`, '1h', who, runbooks));
      }
      break;
    }
    case 'job':
    case 'cron': {
      const retraining = workload.kind === 'cron' ? workload.retraining : undefined;
      // A retraining app's runs started by drift or new data fail and overrun like its scheduled ones.
      const cronRuns = retraining && (retraining.drift || retraining.newData) ? `${cronJobRuns(app)}|${retrainingRuns(app)}` : cronJobRuns(app);
      const jobs = workload.kind === 'job' ? { job_name: target.jobNames.join('|') } : { job_name: cronRuns };
      const longer = workload.alerts.runningLongerThan ? durationSeconds(workload.alerts.runningLongerThan) : Math.round(durationSeconds(workload.deadline) * 0.8);
      rules.push(
        alertRule('JobFailed', `kube_job_failed${selector({ ...ns, condition: 'true' }, jobs)} == 1`, undefined, who, runbooks),
        alertRule(
          'JobRunningLong',
          `(time() - kube_job_status_start_time${selector(ns, jobs)}) > ${longer} and on(namespace, job_name) kube_job_status_active${selector(ns, jobs)} > 0`,
          undefined,
          who,
          runbooks,
        ),
      );
      if (workload.kind === 'cron') {
        const cron = selector({ ...ns, cronjob: app });
        const allowed = workload.alerts.missedRuns * longestScheduleGapSeconds(workload.schedule);
        rules.push(
          alertRule(
            'CronJobNoRecentSuccess',
            `(time() - kube_cronjob_status_last_successful_time${cron}) > ${allowed} and on(namespace, cronjob) kube_cronjob_spec_suspend${cron} == 0`,
            undefined,
            who,
            runbooks,
          ),
        );
        // Only when git says it runs: a cron suspended on purpose is not news.
        if (!workload.suspend) rules.push(alertRule('CronJobSuspended', `kube_cronjob_spec_suspend${cron} == 1`, '1h', who, runbooks));
        // A trigger fired within the cooldown: the run noted the skip on the model's Lease in the last hour.
        if (retraining) {
          const skipped = `${RETRAINING_SKIP.metric}${selector({ ...ns, lease: retrainingLeaseName(retraining.model) })}`;
          rules.push(alertRule('RetrainingSkippedByCooldown', `time() - max by (trigger) (${skipped}) < 3600`, undefined, who, runbooks));
        }
        // The serving app's inputs drifted past the trigger's threshold: a retraining should be under way.
        if (retraining?.drift) {
          const { app: serving, threshold, for: window } = retraining.drift;
          rules.push(alertRule('ModelDrifting', `${sustainedDriftQuery({ namespace, app: serving }, window, 'feature')} > ${promNumber(threshold)}`, undefined, who, runbooks));
        }
      }
      break;
    }
    case 'spark-job': {
      const drivers = selector(ns, { pod: sparkDrivers(app) });
      rules.push(
        alertRule('SparkApplicationFailed', `kube_pod_status_phase${selector({ ...ns, phase: 'Failed' }, { pod: sparkDrivers(app) })} == 1`, undefined, who, runbooks),
        alertRule('SparkDriverRestarting', `changes(kube_pod_created${drivers}[1h]) >= ${workload.alerts.driverRestarts}`, undefined, who, runbooks),
      );
      break;
    }
  }
  return { name: `${app}.rules`, rules };
}
