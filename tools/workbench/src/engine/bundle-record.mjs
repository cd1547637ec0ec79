// The record of a cached bundle's recent builds, and whether one is still current. Plain
// JavaScript: bin/workbench.mjs asks it before anything needs TypeScript, so a start whose CLI
// bundle is current loads neither Node's type stripping nor esbuild. bundle.ts builds and records.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

/** esbuild's version, read from its package.json (its `version` export, without loading it). */
export const ESBUILD_VERSION = createRequire(import.meta.url)('esbuild/package.json').version;

export const contentHash = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Builds kept per record: worktrees at other commits, sharing the cache, each find theirs. */
export const BUILDS_KEPT = 8;

/**
 * A request's key and its record file. A request with a `root` (a checkout) is keyed by its
 * paths relative to that root, so every checkout of the same sources sharing the cache through
 * linked node_modules (worktrees, temp copies) finds the same builds; one without is keyed by
 * every field as given. `portable: false` is the key of a root request whose build could not be
 * made independent of its checkout (a package or source outside it): keyed by the absolute paths.
 */
export function buildRecordOf(request, portable = true) {
  const { root, ...rest } = request;
  const fields =
    root && portable
      ? { ...rest, entries: Object.fromEntries(Object.entries(rest.entries).map(([name, file]) => [name, relative(root, file)])), outRoot: relative(root, rest.outRoot), portable: true }
      : rest;
  const key = createHash('sha256').update(JSON.stringify({ esbuildVersion: ESBUILD_VERSION, ...fields })).digest('hex');
  return { key, file: join(request.outRoot, `build-${key.slice(0, 16)}.json`) };
}

/** The builds a record file holds, newest first (a record of one build, as older versions wrote, too). */
export function recordedBuilds(file) {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(record.builds) ? record.builds : [record];
  } catch {
    return []; // no record yet
  }
}

/**
 * A build as its caller uses it: its folder and inputs as absolute paths. A portable build keeps
 * its inputs relative to the checkout it was built in, and its folder relative to the cache.
 */
function resolvedBuild(build, request) {
  const base = build.portable ? request.root : '/';
  return {
    ...build,
    dir: resolve(realpathSync(request.outRoot), build.dir),
    inputs: Object.fromEntries(Object.entries(build.inputs).map(([input, hash]) => [resolve(base, input), hash])),
    absent: build.absent.map((path) => resolve(base, path)),
  };
}

const isCurrent = (build) =>
  existsSync(build.dir) &&
  Object.entries(build.inputs).every(([input, hash]) => {
    try {
      return contentHash(input) === hash;
    } catch {
      return false; // an input is gone
    }
  }) &&
  !build.absent.some((path) => existsSync(path));

/**
 * A recent build of this request whose every input still has the content it was built from and
 * where nothing appeared that would resolve differently; else undefined. A current build is
 * marked used, which keeps it past the pruning of stale ones.
 */
export function currentBuild(request) {
  const keys = request.root ? [buildRecordOf(request, true), buildRecordOf(request, false)] : [buildRecordOf(request)];
  for (const { key, file } of keys) {
    for (const build of recordedBuilds(file)) {
      if (build.key !== key) continue;
      const resolved = resolvedBuild(build, request);
      if (!isCurrent(resolved)) continue;
      const now = new Date();
      utimesSync(file, now, now);
      utimesSync(resolved.dir, now, now);
      return resolved;
    }
  }
  return undefined;
}
