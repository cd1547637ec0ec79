// The record of a cached bundle's last build, and whether it is still current. Plain JavaScript:
// bin/workbench.mjs asks it before anything needs TypeScript, so a start whose CLI bundle is
// current loads neither Node's type stripping nor esbuild. bundle.ts builds and records.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** esbuild's version, read from its package.json (its `version` export, without loading it). */
export const ESBUILD_VERSION = createRequire(import.meta.url)('esbuild/package.json').version;

export const contentHash = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * A request's key (esbuild and every field of the request) and its record file: one per request,
 * so checkouts sharing the cache through linked node_modules (worktrees, temp copies), which
 * bundle from their own paths, never replace each other's last build.
 */
export function buildRecordOf(request) {
  const key = createHash('sha256').update(JSON.stringify({ esbuildVersion: ESBUILD_VERSION, ...request })).digest('hex');
  return { key, file: join(request.outRoot, `build-${key.slice(0, 16)}.json`) };
}

/**
 * The last build of this request when every input still has the content it was built from and
 * nothing appeared that would resolve differently; else undefined. A current build is marked
 * used, which keeps it past the pruning of stale ones.
 */
export function currentBuild(request) {
  const { key, file } = buildRecordOf(request);
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const current =
      record.key === key &&
      existsSync(record.dir) &&
      Object.entries(record.inputs).every(([input, hash]) => contentHash(input) === hash) &&
      !record.absent.some((path) => existsSync(path));
    if (!current) return undefined;
    const now = new Date();
    utimesSync(file, now, now);
    utimesSync(record.dir, now, now);
    return record;
  } catch {
    // No record yet, or an input is gone.
    return undefined;
  }
}
