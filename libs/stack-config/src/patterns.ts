/** An image repository without tag, e.g. ghcr.io/workbench/acme-churn-api. */
export const IMAGE_REPOSITORY = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/;

/** A registry and optional path that image repositories are made under (`<registry>/<app>`). */
export const REGISTRY_PREFIX = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/;

/** An OCI image tag, e.g. sha-3f2a9c1d0e4b (`latest` matches, and is refused separately: it pins nothing). */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** An image digest. */
export const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** A full git commit SHA: release pins record the exact source commit. */
export const COMMIT_SHA = /^[0-9a-f]{40}$/;
