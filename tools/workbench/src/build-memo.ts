import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Results a command computed, kept on disk by everything they were computed from: the inputs the
 * caller names and the CLI build that computed them. The build stands for the code — the
 * command's own and what is bundled with it — so results of one build are never reused by
 * another. Running from source there is no build, and nothing is kept.
 */

/** Set by bin/workbench.mjs: the content hash of the CLI bundle this process runs from. */
export const CLI_BUILD = Symbol.for('workbench.cli-build');

/** The CLI build this process runs from, or undefined when it runs from source. */
export function cliBuild(): string | undefined {
  const build = (globalThis as Record<symbol, unknown>)[CLI_BUILD];
  return typeof build === 'string' ? build : undefined;
}

/** Entries no command used for this long go when a new one is kept. */
const UNUSED_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

export interface BuildMemo<T> {
  /** The result kept for these inputs by this build, if any (and marks it used). */
  read(): T | undefined;
  /** Keeps the result, written whole then renamed; the oldest entries past `kept` go. */
  write(value: T): void;
}

/**
 * The memo entry for `inputs` in `dir`, or undefined when there is no dir (the caller's cache is
 * off) or no CLI build (running from source). At most `kept` entries stay, the most recently used.
 */
export function buildMemo<T>(dir: string | undefined, inputs: unknown, kept: number): BuildMemo<T> | undefined {
  const build = cliBuild();
  if (!dir || !build) return undefined;
  const key = createHash('sha256').update(JSON.stringify({ build, inputs })).digest('hex');
  const file = join(dir, `${key}.json`);
  return {
    read: () => {
      try {
        const value = JSON.parse(readFileSync(file, 'utf8')) as T;
        const now = new Date();
        utimesSync(file, now, now); // used: kept past the pruning
        return value;
      } catch {
        return undefined; // not kept by this build yet (or being replaced)
      }
    },
    write: (value) => {
      mkdirSync(dir, { recursive: true });
      const temporary = `${file}.${process.pid}-${randomUUID()}.tmp`;
      writeFileSync(temporary, JSON.stringify(value));
      renameSync(temporary, file);
      prune(dir, file, kept);
    },
  };
}

/** Entries nobody used for a week (an older build's, a workspace long changed) go, and all but the newest `kept`. */
function prune(dir: string, written: string, kept: number) {
  const now = Date.now();
  const entries = readdirSync(dir)
    .flatMap((name) => {
      try {
        return [{ name, mtime: statSync(join(dir, name)).mtimeMs }];
      } catch {
        return []; // removed by another command meanwhile
      }
    })
    .sort((a, b) => b.mtime - a.mtime);
  for (const [i, { name, mtime }] of entries.entries()) {
    // Never the entry just kept, nor one another command is still writing.
    if (join(dir, name) === written || (name.endsWith('.tmp') && now - mtime < UNUSED_AFTER_MS)) continue;
    if (i >= kept || now - mtime > UNUSED_AFTER_MS) rmSync(join(dir, name), { force: true });
  }
}
