export {
  ARTIFACT_FORMAT,
  ArtifactIntegrityError,
  contentHash,
  loadArtifact,
  saveArtifact,
  type ArtifactMetadata,
  type ModelArtifact,
} from './artifact.js';
export { canonicalJson } from './canonical-json.js';
export { accuracy, precision, recall, rmse, rocAuc } from './metrics.js';
export {
  predictProbability,
  trainLogisticRegression,
  type LogisticRegressionModel,
  type TrainOptions,
} from './logistic-regression.js';
export { MlflowClient, MlflowError, mlflowFromEnv, type MlflowClientOptions } from './mlflow-client.js';
