import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { EngineProblem } from '../engine/types.js';

/**
 * The files a unit's objects lay out as, kept beside the render cache, so a render whose programs
 * were answered from the cache does not write thousands of objects as YAML again (300 apps: 4 s
 * of a 7 s `render --check`). Laying out is a pure function of the objects, the code that lays
 * them out and the `yaml` package that writes them, so the key is all three: the objects'
 * content, the CLI build this process runs from (`bin/workbench.mjs` names it; running from
 * source there is none, and nothing is kept), and yaml's version.
 */
export interface LaidOut {
  /** The render's own checks on the objects (render-guards.ts); files only when there are none. */
  problems: EngineProblem[];
  files: Map<string, string>;
}

/** Set by bin/workbench.mjs: the content hash of the CLI bundle this process runs from. */
export const CLI_BUILD = Symbol.for('workbench.cli-build');

const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
const UNUSED_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Entries kept, the most recently used: every environment and cloud stack of a few commits (a
 * 300-app environment's entry is about 5 MB, so renders of changing inputs must not pile up).
 */
export const LAYOUTS_KEPT = 40;

/**
 * `layOut()`'s files, from `cacheDir` when this build laid out the same `input` before; else laid
 * out and kept there. No `cacheDir` (the render cache is off) or no CLI build: always laid out.
 */
export function memoizedLayout(cacheDir: string | undefined, input: unknown, layOut: () => LaidOut): LaidOut {
  const build = (globalThis as Record<symbol, unknown>)[CLI_BUILD];
  if (!cacheDir || typeof build !== 'string') return layOut();
  const key = createHash('sha256').update(JSON.stringify({ build, yaml: YAML_VERSION, input })).digest('hex');
  const file = join(cacheDir, `${key}.json`);
  try {
    const { problems, files } = JSON.parse(readFileSync(file, 'utf8')) as { problems: EngineProblem[]; files: [string, string][] };
    const now = new Date();
    utimesSync(file, now, now); // used: kept past the pruning
    return { problems, files: new Map(files) };
  } catch {
    // Not laid out yet by this build (or being replaced): lay out below.
  }
  const laidOut = layOut();
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${file}.${process.pid}-${randomUUID()}.tmp`;
  writeFileSync(temporary, JSON.stringify({ problems: laidOut.problems, files: [...laidOut.files] }));
  renameSync(temporary, file);
  prune(cacheDir, file);
  return laidOut;
}

/**
 * Entries no render used for a week (an older CLI build's, a workspace long changed) go, and all
 * but the newest `LAYOUTS_KEPT`.
 */
function prune(cacheDir: string, written: string) {
  const now = Date.now();
  const entries = readdirSync(cacheDir)
    .flatMap((name) => {
      try {
        return [{ name, mtime: statSync(join(cacheDir, name)).mtimeMs }];
      } catch {
        return []; // removed by another render meanwhile
      }
    })
    .sort((a, b) => b.mtime - a.mtime);
  for (const [i, { name, mtime }] of entries.entries()) {
    // Never the entry just kept, nor one another render is still writing.
    if (join(cacheDir, name) === written || (name.endsWith('.tmp') && now - mtime < UNUSED_AFTER_MS)) continue;
    if (i >= LAYOUTS_KEPT || now - mtime > UNUSED_AFTER_MS) rmSync(join(cacheDir, name), { force: true });
  }
}
