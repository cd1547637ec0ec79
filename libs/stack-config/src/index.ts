export { PLACEHOLDER_COMMIT, PLACEHOLDER_TAG, readDigest, type ReleasePin, setReleasePins } from './release-pins.js';
