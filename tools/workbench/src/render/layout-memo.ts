import { createRequire } from 'node:module';
import { buildMemo } from '../build-memo.js';
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

const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;
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
  const memo = buildMemo<{ problems: EngineProblem[]; files: [string, string][] }>(cacheDir, { yaml: YAML_VERSION, input }, LAYOUTS_KEPT);
  const kept = memo?.read();
  if (kept) return { problems: kept.problems, files: new Map(kept.files) };
  const laidOut = layOut();
  memo?.write({ problems: laidOut.problems, files: [...laidOut.files] });
  return laidOut;
}
