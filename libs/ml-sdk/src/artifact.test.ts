import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactIntegrityError, ArtifactPinError, loadArtifact, parseArtifact, pinnedModelFromEnv, saveArtifact } from './artifact.ts';
import { buildReferenceProfile } from './reference-profile.ts';

const metadata = { name: 'churn', version: '3', algorithm: 'logistic-regression', metrics: { auc: 0.81 } };

async function tempPath() {
  return join(await mkdtemp(join(tmpdir(), 'artifact-')), 'model', 'churn.json');
}

describe('model artifacts', () => {
  it('round-trips a model with its metadata and a content hash', async () => {
    const path = await tempPath();
    const saved = await saveArtifact(path, metadata, { weights: [1, 2], bias: 0.5 });
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    const loaded = await loadArtifact(path);
    expect(loaded).toEqual(saved);
  });

  it('gives the same hash for the same content regardless of key order', async () => {
    const a = await saveArtifact(await tempPath(), metadata, { a: 1, b: 2 });
    const b = await saveArtifact(await tempPath(), { algorithm: 'logistic-regression', version: '3', name: 'churn', metrics: { auc: 0.81 } }, { b: 2, a: 1 });
    expect(a.sha256).toBe(b.sha256);
  });

  it('loads only the pinned artifact: an intact artifact of another version is refused, naming both hashes', async () => {
    const path = await tempPath();
    const pinned = await saveArtifact(path, metadata, { weights: [1, 2], bias: 0.5 });
    expect((await loadArtifact(path, { expectedSha256: pinned.sha256 })).sha256).toBe(pinned.sha256);
    const other = await saveArtifact(await tempPath(), { ...metadata, version: '4' }, { weights: [3, 4], bias: 0.1 });
    const text = JSON.stringify(other);
    expect(() => parseArtifact(text, 's3://models/acme/churn/4/model.json', { expectedSha256: pinned.sha256 })).toThrow(ArtifactPinError);
    expect(() => parseArtifact(text, 's3://models/acme/churn/4/model.json', { expectedSha256: pinned.sha256 })).toThrow(`its content hash is ${other.sha256}, the pin (MODEL_SHA256) says ${pinned.sha256}`);
  });

  it('reads the pin the render sets, and refuses a pinned location without its hash', () => {
    expect(pinnedModelFromEnv({})).toBeUndefined();
    const sha256 = 'a'.repeat(64);
    expect(pinnedModelFromEnv({ MODEL_URI: 's3://b/k.json', MODEL_SHA256: sha256, MODEL_VERSION: '7' })).toEqual({ uri: 's3://b/k.json', sha256, version: '7' });
    expect(() => pinnedModelFromEnv({ MODEL_URI: 's3://b/k.json' })).toThrow('MODEL_SHA256 is missing');
  });

  it('refuses a tampered artifact, naming the file', async () => {
    const path = await tempPath();
    await saveArtifact(path, metadata, { weights: [1, 2], bias: 0.5 });
    const tampered = (await readFile(path, 'utf8')).replace('"bias": 0.5', '"bias": 9');
    await writeFile(path, tampered);
    await expect(loadArtifact(path)).rejects.toBeInstanceOf(ArtifactIntegrityError);
    await expect(loadArtifact(path)).rejects.toThrow(path);
  });

  it('keeps the training data\'s reference profile inside the hash: a tampered profile fails to load', async () => {
    const path = await tempPath();
    const profile = buildReferenceProfile([{ tenure: 1 }, { tenure: 30 }, { tenure: 59 }], [0.1, 0.5, 0.9]);
    const saved = await saveArtifact(path, metadata, { weights: [1] }, profile);
    expect((await loadArtifact(path)).profile).toEqual(saved.profile);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"max": 59', '"max": 99'));
    await expect(loadArtifact(path)).rejects.toBeInstanceOf(ArtifactIntegrityError);
  });

  it('refuses a file that is not an artifact, saying which field is wrong', async () => {
    const path = await tempPath();
    await saveArtifact(path, metadata, {});
    await writeFile(path, JSON.stringify({ format: 'pickle', sha256: 'x' }));
    await expect(loadArtifact(path)).rejects.toThrow(/format/);
  });
});
