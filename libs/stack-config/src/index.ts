export { PLACEHOLDER_COMMIT, PLACEHOLDER_TAG, readDigest, setHolds, setReleasePins } from './release-pins.ts';
export { activeFreeze, describeFreeze, freezeSchema, freezesSchema, holdSchema, holdsSchema, type Freeze, type Hold } from './promotion-policy.ts';
export { CLOUD_PROGRAM_DIR, cloudStackFilePath, stackFileName, stackFilePath, WORKLOADS_PROGRAM_DIR } from './stack-files.ts';
export { COMMIT_SHA, IMAGE_DIGEST, IMAGE_REPOSITORY, IMAGE_TAG, REGISTRY_PREFIX } from './patterns.ts';
export { CONFIG_NAMESPACE, imageReference, releasePinSchema, stackConfigSchema, type ReleasePin, type StackConfig } from './schema.ts';
export { labLimitsSchema, LIMITS_SOURCE, type LabLimits } from './lab-limits.ts';
export {
  cloudSchemaOf,
  parseCloudSharedConfig,
  parseCloudStackConfig,
  parsePinsAndPolicy,
  parseStackConfig,
  readCloudEnvironmentConfig,
  readCloudSharedConfig,
  readPulumiConfig,
  readStackConfig,
  StackConfigError,
  StackFileError,
} from './read-stack-config.ts';
export { awsRegion, CLOUD_CONFIG_NAMESPACE, cloudEnvironmentConfigSchema, cloudSharedConfigSchema, SHARED_STACK, type CloudEnvironmentConfig, type CloudSharedConfig } from './cloud-schema.ts';
export * from './cloud-names.ts';
// The environments are declared with the workload spec (its `environments.<env>` overrides need
// them, and this lib builds on that one); stack files are named after them.
export { ENVIRONMENTS, type EnvironmentName } from '@workbench/workload-spec';
export { alertingSchema, ownerSlug, PLATFORM_SLACK_WEBHOOK_KEY, slackWebhookKey, type Alerting, type AlertReceiver } from './alerting.ts';
export { rerunSchema, rerunsSchema, setRerun, type Rerun } from './reruns.ts';
export { MODEL_RELEASE_ENVIRONMENT, modelHoldKey, modelPinSchema, modelPinsSchema, sameModelPin, setModelPin, setModelPins, type ModelPin } from './model-pins.ts';
