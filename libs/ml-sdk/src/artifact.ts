import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import type { ReferenceProfile } from './reference-profile.ts';
import { MODEL_PIN_ENV } from '@workbench/platform-contract';

export const ARTIFACT_FORMAT = 'workbench-model/v1';

/** What travels with a model: who made it, from what, and how good it was. */
export interface ArtifactMetadata {
  name: string;
  version: string;
  /** The algorithm, e.g. `logistic-regression`; loaders check it before using the model. */
  algorithm: string;
  metrics?: Record<string, number>;
  params?: Record<string, string | number | boolean>;
  /** Free-form provenance: training data URI, git commit, run id. */
  labels?: Record<string, string>;
}

export interface ModelArtifact<M = unknown> {
  format: typeof ARTIFACT_FORMAT;
  metadata: ArtifactMetadata;
  /** sha256 of the canonical JSON of `{ metadata, model }` (and `profile`, when there is one). */
  sha256: string;
  model: M;
  /** The training data's reference profile, for drift monitoring; inside the content hash. */
  profile?: ReferenceProfile;
}

const artifactFile = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  metadata: z.object({
    name: z.string(),
    version: z.string(),
    algorithm: z.string(),
    metrics: z.record(z.string(), z.number()).optional(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  model: z.unknown(),
  profile: z.object({ rows: z.number(), features: z.record(z.string(), z.unknown()), predictions: z.object({ edges: z.array(z.number()), shares: z.array(z.number()) }) }).optional(),
});

export class ArtifactIntegrityError extends Error {
  constructor(path: string, expected: string, actual: string) {
    super(`model artifact ${path} was modified after it was saved: content hash is ${actual}, the artifact records ${expected}`);
    this.name = 'ArtifactIntegrityError';
  }
}

// Artifacts saved before profiles existed hash `{ metadata, model }` and still load.
export function contentHash(metadata: ArtifactMetadata, model: unknown, profile?: ReferenceProfile): string {
  return createHash('sha256').update(canonicalJson(profile ? { metadata, model, profile } : { metadata, model })).digest('hex');
}

/** Saves a model with its metadata, reference profile and content hash; the write is atomic. */
export async function saveArtifact<M>(path: string, metadata: ArtifactMetadata, model: M, profile?: ReferenceProfile): Promise<ModelArtifact<M>> {
  const artifact: ModelArtifact<M> = { format: ARTIFACT_FORMAT, metadata, sha256: contentHash(metadata, model, profile), model, ...(profile ? { profile } : {}) };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(artifact, null, 2) + '\n');
  await rename(temporary, path);
  return artifact;
}

/** The artifact is intact but not the one the environment pins (`workloads:models`). */
export class ArtifactPinError extends Error {
  constructor(source: string, pinned: string, actual: string) {
    super(`model artifact ${source} is not the pinned version: its content hash is ${actual}, the pin (MODEL_SHA256) says ${pinned}`);
    this.name = 'ArtifactPinError';
  }
}

export interface LoadOptions {
  /** The content hash the environment pins: any other artifact, however intact, is refused. */
  expectedSha256?: string;
}

/** Loads an artifact and refuses it when its content no longer matches its hash (or the pin). */
export async function loadArtifact(path: string, options: LoadOptions = {}): Promise<ModelArtifact> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read model artifact ${path}: ${(error as Error).message}`);
  }
  return parseArtifact(text, path, options);
}

/** An artifact from its text (a file, an object fetched from the lake), checked as `loadArtifact` checks it. */
export function parseArtifact(text: string, source: string, options: LoadOptions = {}): ModelArtifact {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`cannot read model artifact ${source}: ${(error as Error).message}`);
  }
  const shape = artifactFile.safeParse(parsed);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    throw new Error(`${source} is not a ${ARTIFACT_FORMAT} artifact: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const artifact = shape.data as ModelArtifact;
  const actual = contentHash(artifact.metadata, artifact.model, artifact.profile);
  if (actual !== artifact.sha256) throw new ArtifactIntegrityError(source, artifact.sha256, actual);
  if (options.expectedSha256 !== undefined && options.expectedSha256 !== artifact.sha256) throw new ArtifactPinError(source, options.expectedSha256, artifact.sha256);
  return artifact;
}

/** The model version the environment pins for this serving app, from the variables the render sets; undefined when none is pinned. */
export function pinnedModelFromEnv(env: NodeJS.ProcessEnv = process.env): { uri: string; sha256: string; version: string; registeredAt?: string } | undefined {
  const uri = env[MODEL_PIN_ENV.uri];
  const sha256 = env[MODEL_PIN_ENV.sha256];
  if (!uri) return undefined;
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`${MODEL_PIN_ENV.uri} is set but ${MODEL_PIN_ENV.sha256} is ${sha256 ? 'not a sha256' : 'missing'}: a pinned model is loaded only with its hash`);
  const registeredAt = env[MODEL_PIN_ENV.registeredAt];
  return { uri, sha256, version: env[MODEL_PIN_ENV.version] ?? 'unknown', ...(registeredAt ? { registeredAt } : {}) };
}
