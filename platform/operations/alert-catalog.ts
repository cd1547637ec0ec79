// Every alert Workbench renders, named once: its severity, the summary a person reads in the
// notification, and the runbook page generated for it (docs/runbooks/<alert>.md). The rules
// (app-alert-rules.ts, platform-alert-rules.ts) and the runbooks both read this table.

export type Severity = 'critical' | 'warning';
export type AlertScope = 'service' | 'job' | 'cron' | 'spark-job' | 'platform';

export interface AlertDefinition {
  scope: AlertScope[];
  severity: Severity;
  /** Alertmanager template text; `{{ $labels.x }}` and `{{ $value }}` are filled in when it fires. */
  summary: string;
  /** What firing means, for the runbook. */
  meaning: string;
  /** What to do, in order, for the runbook. */
  steps: string[];
  /** The workload.yaml field that tunes it, when one does. */
  tunedBy?: string;
}

const LOGS = 'Read the logs: `kubectl logs -n {{namespace}} -l app.kubernetes.io/name={{app}} --tail=200` (add `--previous` for a restarted container).';
const RERUN = 'When the cause is fixed (or was transient), re-run it the GitOps way: `npx workbench rerun {{app}} --env {{environment}} --reason "…"` (on production it opens a pull request).';

export const ALERT_CATALOG = {
  ServiceAvailabilityBurnRateFast: {
    scope: ['service'],
    severity: 'critical',
    summary: '{{ $labels.app }} is failing requests fast enough to spend its 30-day error budget within days',
    meaning: 'The share of 5xx answers over the last hour (and the last 5 minutes), or the last 6 hours (and 30 minutes), is 14.4 or 6 times what the availability objective allows.',
    steps: [
      'Open the app dashboard (Grafana, folder of the customer) and look at errors by route.',
      LOGS,
      'If a release just went out, roll it back: `npx workbench rollback {{app}} --env {{environment}}`.',
    ],
    tunedBy: 'slo.availability',
  },
  ServiceAvailabilityBurnRateSlow: {
    scope: ['service'],
    severity: 'warning',
    summary: '{{ $labels.app }} is spending its availability error budget faster than it refills',
    meaning: 'Over a day (and 2 hours) or 3 days (and 6 hours) the share of 5xx answers is 3 or 1 times what the objective allows: not urgent, but the budget will run out.',
    steps: ['Look at errors by route on the app dashboard and open an issue for the owning team.', LOGS],
    tunedBy: 'slo.availability',
  },
  ServiceLatencyBurnRateFast: {
    scope: ['service'],
    severity: 'critical',
    summary: '{{ $labels.app }} answers too many requests slower than its latency objective',
    meaning: 'The share of requests slower than slo.latencyMs over the last hour or 6 hours is 14.4 or 6 times what the latency objective allows.',
    steps: [
      'Open the app dashboard: latency percentiles, CPU throttling and replicas.',
      'If it is saturated, raise replicas or autoscaling bounds in workload.yaml; if a release caused it, roll back.',
    ],
    tunedBy: 'slo.latencyMs, slo.latencyObjective',
  },
  ServiceLatencyBurnRateSlow: {
    scope: ['service'],
    severity: 'warning',
    summary: '{{ $labels.app }} is spending its latency error budget faster than it refills',
    meaning: 'Over a day or 3 days the share of slow requests is 3 or 1 times what the latency objective allows.',
    steps: ['Look at latency by route on the app dashboard and open an issue for the owning team.'],
    tunedBy: 'slo.latencyMs, slo.latencyObjective',
  },
  ServicePodsCrashLooping: {
    scope: ['service'],
    severity: 'warning',
    summary: '{{ $labels.app }} containers restarted {{ $value }} times in 15 minutes',
    meaning: 'Containers of the Deployment keep restarting: the process exits or fails its liveness probe.',
    steps: [LOGS, 'Check `kubectl describe pod` for OOMKilled (raise resources.memory) or probe failures (healthPath).'],
    tunedBy: 'alerts.restarts',
  },
  ServiceReplicasUnavailable: {
    scope: ['service'],
    severity: 'critical',
    summary: '{{ $labels.app }} has {{ $value }} replica(s) unavailable',
    meaning: 'Replicas of the Deployment have not been ready for longer than alerts.notReadyFor: fewer pods serve than declared.',
    steps: [
      '`kubectl get pods -n {{namespace}} -l app.kubernetes.io/name={{app}}` and `kubectl describe` the ones not ready.',
      'Pending pods: the namespace quota or cluster capacity; not ready: the readiness probe (readinessPath) fails.',
    ],
    tunedBy: 'alerts.notReadyFor',
  },
  JobFailed: {
    scope: ['job', 'cron'],
    severity: 'critical',
    summary: 'A run of {{ $labels.app }} failed ({{ $labels.job_name }})',
    meaning: 'The Job used all its retries (retries) or ran past its deadline (deadline) and is marked Failed.',
    steps: [LOGS, 'A failed Job stays until it is cleaned up, so the alert stays too: fix, then re-run.', RERUN],
    tunedBy: 'retries, deadline',
  },
  JobRunningLong: {
    scope: ['job', 'cron'],
    severity: 'warning',
    summary: '{{ $labels.app }} has been running for longer than expected ({{ $labels.job_name }})',
    meaning: 'A run is still active after alerts.runningLongerThan (by default 80% of its deadline); at the deadline Kubernetes stops it.',
    steps: [LOGS, 'If the data grew, raise deadline and resources in workload.yaml.'],
    tunedBy: 'alerts.runningLongerThan, deadline',
  },
  CronJobNoRecentSuccess: {
    scope: ['cron'],
    severity: 'critical',
    summary: '{{ $labels.app }} has not succeeded for {{ $value | humanizeDuration }}',
    meaning: 'The cron has not completed a run successfully for longer than alerts.missedRuns schedule intervals: its outputs are stale.',
    steps: ['`kubectl get jobs -n {{namespace}}` for the last runs and their state.', LOGS, RERUN],
    tunedBy: 'alerts.missedRuns, schedule',
  },
  CronJobSuspended: {
    scope: ['cron'],
    severity: 'warning',
    summary: '{{ $labels.app }} is suspended in the cluster but not in git',
    meaning: 'Someone suspended the CronJob by hand; workload.yaml says it runs. Flux will resume it at the next reconcile unless that fails.',
    steps: ['Find out who suspended it and why; to keep it suspended, set `suspend: true` for the environment in workload.yaml.'],
  },
  ModelDrifting: {
    scope: ['cron'],
    severity: 'warning',
    summary: 'The inputs of the model {{ $labels.app }} trains have drifted from its training data (feature {{ $labels.feature }}, PSI {{ printf "%.2f" $value }})',
    meaning:
      'The serving app named in retraining.drift has reported a population stability index above the threshold for this feature for the whole retraining.drift.for window: live requests no longer look like the data the model learned from. The drift trigger starts a retraining run unless one ran within the cooldown.',
    steps: [
      'Open the model dashboard: which features drifted, since when, and whether the predictions moved too.',
      'Check that a retraining run started: `kubectl get jobs -n {{namespace}} -l workbench.dev/model` (a run skipped by the cooldown says so in its log).',
      'If the drift is an upstream data problem (a broken feed, a unit change), fix the data rather than retraining on it.',
    ],
    tunedBy: 'retraining.drift.threshold, retraining.drift.for',
  },
  RetrainingSkippedByCooldown: {
    scope: ['cron'],
    severity: 'warning',
    summary: 'A retraining run of {{ $labels.app }} started by {{ $labels.trigger }} was skipped: the last run started within the cooldown',
    meaning:
      'A trigger fired (drift, new data or the schedule) within retraining.cooldown of the last run that started, so the run did not train. Once is normal; while the model keeps drifting or data keeps arriving it means the model serving now is the one the last run made, and the next run waits for the cooldown to end.',
    steps: [
      'Open the model dashboard: is the drift still there after the last run’s version was released and promoted (`workbench status`)?',
      'If the last run made no better model, look at its MLflow run (metrics against the baseline) and at the training data.',
      'Shorten retraining.cooldown if the model should retrain more often; `workbench rerun <app> --env <env>` starts the scheduled run again once the cooldown is over.',
    ],
    tunedBy: 'retraining.cooldown',
  },
  ModelTooOld: {
    scope: ['service'],
    severity: 'warning',
    summary: '{{ $labels.app }} has served model version {{ $labels.version }} for longer than its maximum age',
    meaning:
      'The model version this service serves was registered longer ago than alerts.modelMaxAge (default 30 days): no newer version passed its bar and was released and promoted since. A model this old has likely drifted from the data it scores.',
    steps: [
      'Check the retraining runs: `kubectl get jobs -n {{namespace}} -l workbench.dev/model` and their logs (a run below its bar says so).',
      'Check MLflow for versions registered past their bar, and `workbench status` for one released in staging but not promoted.',
      'Release and promote a newer version (`workbench model release staging`, then `workbench promote staging production --model <customer>-<model>`), or raise alerts.modelMaxAge if the model is meant to age.',
    ],
    tunedBy: 'alerts.modelMaxAge',
  },
  SparkApplicationFailed: {
    scope: ['spark-job'],
    severity: 'critical',
    summary: 'A run of Spark job {{ $labels.app }} failed ({{ $labels.pod }})',
    meaning: 'The driver pod ended in phase Failed after the retries spark-operator makes (retries).',
    steps: ['`kubectl logs -n {{namespace}} {{ pod }}` for the driver, then the Spark event log in the lake (spark-logs bucket).', RERUN],
    tunedBy: 'retries',
  },
  SparkDriverRestarting: {
    scope: ['spark-job'],
    severity: 'warning',
    summary: 'The Spark driver of {{ $labels.app }} was restarted {{ $value }} time(s) in an hour',
    meaning: 'spark-operator resubmitted the application after a failure; executors lost on spot capacity are normal, a driver restart is not.',
    steps: ['Read the previous driver log and the SparkApplication status: `kubectl describe sparkapplication -n {{namespace}}`.'],
    tunedBy: 'alerts.driverRestarts',
  },
  FluxReconciliationFailing: {
    scope: ['platform'],
    severity: 'critical',
    summary: 'Flux {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} is not ready',
    meaning: 'Flux cannot apply what is in git: the cluster no longer follows the repository for this object.',
    steps: [
      '`kubectl -n {{ namespace }} describe kustomization,helmrelease` for the reason.',
      'Usually a rendered object the API server refuses or a chart that fails: run `npx workbench validate` on main and fix in a pull request.',
    ],
  },
  CertificateExpiringSoon: {
    scope: ['platform'],
    severity: 'warning',
    summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}',
    meaning: 'cert-manager renews 30 days before expiry; less than 14 days left means renewal keeps failing.',
    steps: ['`kubectl describe certificate,certificaterequest,order,challenge -n <namespace>` shows the failing ACME step (DNS-01 permissions or HTTP-01 reachability).'],
  },
  ExternalSecretNotSyncing: {
    scope: ['platform'],
    severity: 'warning',
    summary: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} cannot read its secret',
    meaning: 'External Secrets cannot fetch the value: the key is missing from the secret store or outside the namespace prefix.',
    steps: ['`kubectl describe externalsecret -n <namespace> <name>` names the key; store it under workbench/<environment>/<customer>/… as the README says.'],
  },
  NamespaceQuotaNearlyFull: {
    scope: ['platform'],
    severity: 'warning',
    summary: 'Namespace {{ $labels.namespace }} uses {{ $value | humanizePercentage }} of its {{ $labels.resource }} quota',
    meaning: 'New pods (a new release, a scaled service, a job run) will soon be refused by the namespace quota.',
    steps: ['Raise workloads:customerQuotas.<customer> in the environment stack config, or lower the apps\' resources.'],
  },
} as const satisfies Record<string, AlertDefinition>;

export type AlertName = keyof typeof ALERT_CATALOG;
export const ALERT_NAMES = Object.keys(ALERT_CATALOG) as AlertName[];

/** Where the runbook page of an alert lives in the repository. */
export const RUNBOOK_FOLDER = 'docs/runbooks';
export const runbookPath = (alert: AlertName) => `${RUNBOOK_FOLDER}/${alert}.md`;
