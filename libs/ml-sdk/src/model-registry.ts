// How Workbench records a retrained model in MLflow's registry, and reads it back: the tags a
// version carries (where its artifact is, its content hash, whether it beat its bar, what started
// it) are the contract between the training app that registers it and `workbench model release`,
// which pins it. One owner for both sides.
import type { MlflowClient, MlflowModelVersion, MlflowTag } from './mlflow-client.ts';

export const REGISTRY_TAGS = {
  /** The artifact in the lake, `lake://models/<customer>/<model>/<run>/model.json`. */
  artifact: 'workbench.artifact',
  /** The artifact's content hash, which the serving app checks. */
  sha256: 'workbench.sha256',
  /** `true` when the run's metrics reached the bar: only such versions are released. */
  passedBar: 'workbench.passed_bar',
  /** What started the run: `schedule`, `drift` or `newData`. */
  trigger: 'workbench.retraining_trigger',
  /** The training data the run read (URI, and its time window where known). */
  dataWindow: 'workbench.data_window',
  /** The version serving when the run started, whose metrics it was compared with. */
  baselineVersion: 'workbench.baseline_version',
} as const;

export interface PublishedVersion {
  artifact: string;
  sha256: string;
  passedBar: boolean;
  trigger?: string;
  dataWindow?: string;
  baselineVersion?: string;
}

/** Registers a run's artifact as a new version of the model with Workbench's tags; returns the version. */
export async function publishModelVersion(mlflow: MlflowClient, registeredModel: string, runId: string, published: PublishedVersion): Promise<string> {
  const tags: Record<string, string> = {
    [REGISTRY_TAGS.artifact]: published.artifact,
    [REGISTRY_TAGS.sha256]: published.sha256,
    [REGISTRY_TAGS.passedBar]: String(published.passedBar),
    ...(published.trigger ? { [REGISTRY_TAGS.trigger]: published.trigger } : {}),
    ...(published.dataWindow ? { [REGISTRY_TAGS.dataWindow]: published.dataWindow } : {}),
    ...(published.baselineVersion ? { [REGISTRY_TAGS.baselineVersion]: published.baselineVersion } : {}),
  };
  return mlflow.registerModelVersion(registeredModel, published.artifact, runId, tags);
}

/** A registered version that may be released: ready, past its bar, with an artifact and hash. */
export interface ReleasableVersion {
  version: string;
  artifact: string;
  sha256: string;
  registeredAt: string;
  trigger?: string;
  /** The metrics logged on the run that made it. */
  metrics: Record<string, number>;
}

export interface RegistryReading {
  /** Newest first. */
  releasable: ReleasableVersion[];
  /** Versions left out, and why (shown by `workbench model release`). */
  leftOut: { version: string; why: string }[];
}

const tagOf = (tags: MlflowTag[] | undefined, key: string) => tags?.find((tag) => tag.key === key)?.value;

/** Which versions of a registered model may be released, newest first, and why the others may not. */
export async function releasableVersions(mlflow: MlflowClient, registeredModel: string): Promise<RegistryReading> {
  const reading: RegistryReading = { releasable: [], leftOut: [] };
  const versions = (await mlflow.modelVersions(registeredModel)).sort((a, b) => Number(b.version) - Number(a.version));
  for (const version of versions) {
    const why = unreleasable(version);
    if (why) {
      reading.leftOut.push({ version: version.version, why });
      continue;
    }
    const run = version.run_id ? await mlflow.getRun(version.run_id) : undefined;
    const trigger = tagOf(version.tags, REGISTRY_TAGS.trigger);
    reading.releasable.push({
      version: version.version,
      artifact: tagOf(version.tags, REGISTRY_TAGS.artifact)!,
      sha256: tagOf(version.tags, REGISTRY_TAGS.sha256)!,
      registeredAt: new Date(version.creation_timestamp ?? 0).toISOString(),
      ...(trigger ? { trigger } : {}),
      metrics: Object.fromEntries((run?.data.metrics ?? []).map((metric) => [metric.key, metric.value])),
    });
  }
  return reading;
}

function unreleasable(version: MlflowModelVersion): string | undefined {
  if (version.status && version.status !== 'READY') return `its registration is ${version.status}`;
  if (tagOf(version.tags, REGISTRY_TAGS.passedBar) !== 'true') return `it did not pass its bar (tag ${REGISTRY_TAGS.passedBar} is not "true")`;
  const artifact = tagOf(version.tags, REGISTRY_TAGS.artifact);
  if (!artifact?.startsWith('lake://models/')) return `it names no artifact in the lake (tag ${REGISTRY_TAGS.artifact})`;
  if (!/^[0-9a-f]{64}$/.test(tagOf(version.tags, REGISTRY_TAGS.sha256) ?? '')) return `it records no content hash (tag ${REGISTRY_TAGS.sha256})`;
  if (!version.creation_timestamp) return 'MLflow returned no creation time';
  return undefined;
}
