import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readDigest, setHolds, setReleasePins } from './release-pins.ts';

const stack = `# Inputs of staging.
config:
  workloads:domain: staging.example.com # where it serves
  workloads:releases:
    zeta-api:
      image: ghcr.io/w/zeta-api
      tag: sha-111111111111
      commit: ${'1'.repeat(40)}
`;

describe('setReleasePins', () => {
  it('adds and replaces pins, keeping comments, other pins and alphabetical order', () => {
    const text = setReleasePins(stack, {
      'alpha-job': { image: 'ghcr.io/w/alpha-job', tag: 'sha-222222222222', commit: '2'.repeat(40), digest: `sha256:${'a'.repeat(64)}` },
    });
    expect(text).toContain('# Inputs of staging.');
    expect(text).toContain('workloads:domain: staging.example.com # where it serves');
    const releases = (parse(text) as { config: Record<string, Record<string, unknown>> }).config['workloads:releases']!;
    expect(Object.keys(releases)).toEqual(['alpha-job', 'zeta-api']);
    expect(releases['alpha-job']).toEqual({ image: 'ghcr.io/w/alpha-job', tag: 'sha-222222222222', digest: `sha256:${'a'.repeat(64)}`, commit: '2'.repeat(40) });
  });

  it('creates the releases mapping when the stack has none, or an empty flow one', () => {
    for (const input of ['config:\n  workloads:domain: lab.example.com\n', 'config:\n  workloads:releases: {}\n']) {
      const text = setReleasePins(input, { x: { image: 'r/x', tag: 't', commit: 'c' } });
      expect((parse(text) as { config: Record<string, unknown> }).config['workloads:releases']).toEqual({ x: { image: 'r/x', tag: 't', commit: 'c' } });
      expect(text).not.toContain('{');
    }
  });

  it('refuses a file without a config mapping', () => {
    expect(() => setReleasePins('name: x\n', {})).toThrow(/no "config" mapping/);
  });
});

describe('readDigest', () => {
  it('reads a digest file, ignores a missing one and refuses a malformed one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'digests-'));
    await writeFile(join(dir, 'good'), `sha256:${'b'.repeat(64)}\n`);
    await writeFile(join(dir, 'bad'), 'latest');
    expect(await readDigest(dir, 'good')).toBe(`sha256:${'b'.repeat(64)}`);
    expect(await readDigest(dir, 'missing')).toBeUndefined();
    await expect(readDigest(dir, 'bad')).rejects.toThrow(/not an image digest/);
  });
});

describe('setHolds', () => {
  it('adds a hold, and removes it (and the empty mapping) again', () => {
    const held = setHolds(stack, { 'zeta-api': { version: 'sha-111111111111', reason: 'rollback: 500s', since: '2026-11-22T10:00:00Z' } });
    expect((parse(held) as { config: Record<string, unknown> }).config['workloads:holds']).toEqual({
      'zeta-api': { version: 'sha-111111111111', reason: 'rollback: 500s', since: '2026-11-22T10:00:00Z' },
    });
    expect(setHolds(held, { 'zeta-api': null })).not.toContain('workloads:holds');
    expect(setHolds(held, { 'zeta-api': null })).toContain('# Inputs of staging.');
  });
});
