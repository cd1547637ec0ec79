import { describe, expect, it } from 'vitest';
import { COMMIT_SHA, IMAGE_DIGEST, IMAGE_REPOSITORY, IMAGE_TAG, REGISTRY_PREFIX } from './patterns.ts';

describe('release pin patterns', () => {
  it('accept what CI produces and refuse what would not pin a release', () => {
    expect(IMAGE_TAG.test('sha-3f2a9c1d0e4b')).toBe(true);
    expect(IMAGE_TAG.test('-leading-dash')).toBe(false);
    expect(IMAGE_TAG.test('x'.repeat(129))).toBe(false);
    expect(COMMIT_SHA.test('a'.repeat(40))).toBe(true);
    expect(COMMIT_SHA.test('a'.repeat(12))).toBe(false);
    expect(COMMIT_SHA.test('A'.repeat(40))).toBe(false);
    expect(IMAGE_DIGEST.test(`sha256:${'0'.repeat(64)}`)).toBe(true);
    expect(IMAGE_DIGEST.test('sha256:abc')).toBe(false);
    expect(IMAGE_REPOSITORY.test('123456789012.dkr.ecr.eu-west-1.amazonaws.com/workbench/api')).toBe(true);
    expect(IMAGE_REPOSITORY.test('ghcr.io')).toBe(false); // a registry alone is no repository
    expect(REGISTRY_PREFIX.test('localhost:5000')).toBe(true);
    expect(REGISTRY_PREFIX.test('Registry.Example.com')).toBe(false);
  });
});
