// Object names kube-state-metrics reports, matched exactly enough that app "acme-x" never matches
// the objects of "acme-x-y": a Deployment's pods are <app>-<hash>-<suffix>, a CronJob's Jobs are
// <app>-<minute> (a re-run's <app>-rerun-<n>; a retraining run <app>-drift-<random>), spark-operator's drivers <app>-driver, (scheduled)
// <app>-<nanos>-driver or (re-run) <app>-rerun-<n>-driver.
export const deploymentPods = (app: string) => `${app}-[a-z0-9]+-[a-z0-9]+`;
export const cronJobRuns = (app: string) => `${app}-(rerun-)?[0-9]+`;
/** A retraining app's runs started by KEDA: <ScaledJob>-<5 random characters>, never a cron's minute. */
export const retrainingRuns = (app: string) => `${app}-(drift|new-data)-[a-z0-9]{5}`;
export const sparkDrivers = (app: string) => `${app}(-[0-9]+|-rerun-[0-9]+)?-driver`;

/** The Lease a model's runs take before training: one run at a time, none within the cooldown. */
export const retrainingLeaseName = (model: string) => `retraining-${model}`;
