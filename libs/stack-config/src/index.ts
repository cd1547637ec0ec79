export { PLACEHOLDER_COMMIT, PLACEHOLDER_TAG, readDigest, type ReleasePin, setHolds, setReleasePins } from './release-pins.ts';
export { activeFreeze, describeFreeze, freezeSchema, freezesSchema, holdSchema, holdsSchema, type Freeze, type Hold } from './promotion-policy.ts';
export { stackFileName, stackFilePath, WORKLOADS_PROGRAM_DIR } from './stack-files.ts';
export { COMMIT_SHA, IMAGE_DIGEST, IMAGE_REPOSITORY, IMAGE_TAG, REGISTRY_PREFIX } from './patterns.ts';
