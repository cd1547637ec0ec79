export {
  ARTIFACT_FORMAT,
  ArtifactIntegrityError,
  ArtifactPinError,
  contentHash,
  loadArtifact,
  parseArtifact,
  pinnedModelFromEnv,
  saveArtifact,
  type ArtifactMetadata,
  type LoadOptions,
  type ModelArtifact,
} from './artifact.ts';
export { canonicalJson } from './canonical-json.ts';
export { accuracy, precision, recall, rmse, rocAuc } from './metrics.ts';
export {
  predictProbability,
  trainLogisticRegression,
  type LogisticRegressionModel,
  type TrainOptions,
} from './logistic-regression.ts';
export { MlflowClient, MlflowError, mlflowFromEnv, type MlflowClientOptions, type MlflowModelVersion, type MlflowRun } from './mlflow-client.ts';
export { publishModelVersion, REGISTRY_TAGS, releasableVersions, type PublishedVersion, type ReleasableVersion } from './model-registry.ts';
export { populationStabilityIndex } from './psi.ts';
export { binOf, buildReferenceProfile, PREDICTION_EDGES, type CategoricalProfile, type FeatureProfile, type FeatureValue, type NumericProfile, type ReferenceProfile } from './reference-profile.ts';
export { DriftMonitor, type DriftMonitorOptions, type DriftSnapshot } from './drift-monitor.ts';
export { DRIFT_METRICS, registerDriftMetrics, registerModelAge } from './drift-metrics.ts';
// The retraining lease is `@workbench/ml-sdk/retraining-lease`: only training apps need the Kubernetes client.
