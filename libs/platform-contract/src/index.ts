/**
 * What the Pulumi programs in platform/ and the workbench CLI's engine must agree on, named once:
 * a rename here changes both sides, and a typo on either side no longer compiles.
 */

/** The ComponentResource type of a layer; the engine lays each layer's objects out in its own folder. */
export const LAYER_TYPE = 'workbench:platform:Layer';

/** Stack outputs the CLI reads from the environments program. */
export const STACK_OUTPUTS = {
  /** The apps deployed in the environment (release pinned there), for the render summary. */
  deployedApps: 'deployedApps',
} as const;

/**
 * What a policy module exports for the engine: the PolicyPack's `policies` array. The pack's
 * entry (platform/policy/index.ts) hands the same array to `new PolicyPack` for the Pulumi CLI.
 */
export const POLICY_PACK_EXPORT = 'policies';

/**
 * The label (value "1") marking a ConfigMap as a Grafana dashboard: the programs set it, the
 * chart's Grafana sidecar loads by it, and the pull-request report finds dashboards by it.
 */
export const DASHBOARD_LABEL = 'grafana_dashboard';

/**
 * The drift metrics a serving app exports (`@workbench/ml-sdk`'s drift monitor), and that the
 * programs' alerts, dashboards and retraining triggers query. Labels: `model`, and `feature` on
 * the per-feature ones.
 */
export const DRIFT_METRICS = {
  featurePsi: 'model_feature_psi',
  predictionPsi: 'model_prediction_psi',
  missingRatio: 'model_feature_missing_ratio',
  outOfRangeRatio: 'model_feature_out_of_range_ratio',
  windowRequests: 'model_drift_window_requests',
} as const;

/**
 * The variables through which a serving app learns its pinned model (`workloads:models`): the
 * render sets them, `@workbench/ml-sdk`'s loader reads them and checks the artifact's hash.
 */
export const MODEL_PIN_ENV = {
  uri: 'MODEL_URI',
  sha256: 'MODEL_SHA256',
  version: 'MODEL_VERSION',
  registeredAt: 'MODEL_REGISTERED_AT',
} as const;

/**
 * A retraining run skipped by the cooldown says so on its model's Lease (when, and what fired);
 * kube-state-metrics turns the time into a metric, RetrainingSkippedByCooldown queries it.
 */
export const RETRAINING_SKIP = {
  annotation: 'workbench.dev/skipped-at',
  triggerAnnotation: 'workbench.dev/skipped-trigger',
  metric: 'workbench_retraining_skipped_timestamp_seconds',
} as const;

/** When the serving model's version was registered: ModelTooOld and the model dashboard query it. */
export const MODEL_AGE_METRIC = 'model_registered_timestamp_seconds';
