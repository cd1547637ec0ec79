import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { FLUX_BOOTSTRAP_FOLDER } from './layout.js';
import { withRenderLock } from './render-lock.js';

/** Every file under `dir`, as paths relative to it, except what Flux's bootstrap owns. */
export async function listOwnedFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((path) => !path.startsWith(`${FLUX_BOOTSTRAP_FOLDER}/`))
    .sort();
}

export interface Drift {
  stale: string[];
  missing: string[];
  extra: string[];
}

/** Compares what is on disk with what the render would write. */
export async function compareWithDisk(dir: string, files: Map<string, string>): Promise<Drift> {
  const onDisk = await listOwnedFiles(dir);
  const present = new Set(onDisk);
  const drift: Drift = { stale: [], missing: [], extra: [] };
  // Synchronous reads: thousands of small files, each awaited in turn, cost more in round trips than in reading.
  for (const [path, content] of files) {
    if (!present.has(path)) drift.missing.push(path);
    else if (readFileSync(join(dir, path), 'utf8') !== content) drift.stale.push(path);
  }
  drift.extra = onDisk.filter((path) => !files.has(path));
  return drift;
}

/**
 * Replaces `environments/<env>/` for several environments so that a failure leaves every one as
 * it was (callers hold the render lock, see render-lock.ts): each new tree is written beside the old, then the folders are swapped by rename, and
 * any swap already made is undone if a later one fails. Flux's bootstrap folder is carried over.
 */
export async function replaceEnvironments(environmentsDir: string, rendered: { env: string; files: Map<string, string> }[]): Promise<void> {
  const staged: { target: string; next: string; previous: string }[] = [];
  try {
    for (const { env, files } of rendered) {
      // A cloud stack's folder is nested (`cloud/staging`): stage beside it, in the same parent.
      const target = join(environmentsDir, env);
      const next = join(dirname(target), `.${basename(target)}.render-next`);
      const previous = join(dirname(target), `.${basename(target)}.render-previous`);
      await mkdir(dirname(target), { recursive: true });
      // A render killed between its two renames left the old tree as `previous`: put it back first.
      if (existsSync(previous) && !existsSync(target)) await rename(previous, target);
      await rm(next, { recursive: true, force: true });
      await rm(previous, { recursive: true, force: true });
      staged.push({ target, next, previous });
      // Synchronous writes into the staging folder no one reads yet: a lab is thousands of small files.
      const made = new Set<string>();
      for (const [path, content] of files) {
        const file = resolve(next, path);
        if (!file.startsWith(next + sep)) throw new Error(`refusing to write ${path}: it is outside environments/${env}/`);
        const folder = dirname(file);
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        writeFileSync(file, content);
      }
      const bootstrap = join(target, FLUX_BOOTSTRAP_FOLDER);
      if (existsSync(bootstrap)) await cp(bootstrap, join(next, FLUX_BOOTSTRAP_FOLDER), { recursive: true });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.next, { recursive: true, force: true })));
    throw error;
  }
  const swapped = new Set<string>();
  try {
    for (const s of staged) {
      if (existsSync(s.target)) await rename(s.target, s.previous);
      await rename(s.next, s.target);
      swapped.add(s.target);
    }
  } catch (error) {
    // Put every environment back: the previous tree where there was one, nothing where there was none.
    for (const s of staged) {
      if (swapped.has(s.target) || existsSync(s.previous)) await rm(s.target, { recursive: true, force: true });
      if (existsSync(s.previous)) await rename(s.previous, s.target);
      await rm(s.next, { recursive: true, force: true });
    }
    throw error;
  }
  await Promise.all(staged.map((s) => rm(s.previous, { recursive: true, force: true })));
}

/**
 * How a render writes: under the render lock, so that overlapping renders of the same checkout
 * each replace the environments whole, one after the other. `waiting` hears when it must wait.
 * An environment whose files already are what the render produced is left untouched (reading a
 * tree costs less than writing it again, and its files keep their times); returns the ones
 * replaced.
 */
export function writeEnvironments(environmentsDir: string, rendered: { env: string; files: Map<string, string> }[], waiting: (message: string) => void): Promise<string[]> {
  return withRenderLock(environmentsDir, async () => {
    const changed: typeof rendered = [];
    for (const r of rendered) {
      const drift = await compareWithDisk(join(environmentsDir, r.env), r.files);
      if (drift.stale.length + drift.missing.length + drift.extra.length > 0 || !existsSync(join(environmentsDir, r.env))) changed.push(r);
    }
    await replaceEnvironments(environmentsDir, changed);
    return changed.map((r) => r.env);
  }, waiting);
}
