import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Which manifest files the installed kustomize has already built without error, by their bytes.
 *
 * A file a plain kustomization lists (resources only, no transformer) builds or fails on its own
 * content alone: kustomize parses it into resources and checks each has a kind and a name; the
 * one check across files, no object twice, validate makes itself over the whole environment. So
 * a file whose exact bytes built once with this kubectl builds again, and a pull request that
 * changes one app builds only that app's files. The record is keyed by kubectl's version (a new
 * kustomize starts empty) and lives beside the installed packages, like the render cache.
 */
export interface BuiltFiles {
  /** The key of a file's content. */
  keyOf(content: Buffer | string): string;
  has(key: string): boolean;
  /** Records keys that built in this run; `save` writes them with the earlier ones. */
  add(keys: Iterable<string>): void;
  save(): void;
}

const RECORD_FILE = 'kustomize-built-files.json';
/** Enough for several workspaces of thousands of files; the oldest keys go first. */
const KEYS_KEPT = 100_000;

/** The record in `cacheDir` for the kubectl on PATH, or one that remembers nothing when there is no cache or no kubectl. */
export async function builtFilesIn(cacheDir: string | undefined): Promise<BuiltFiles> {
  const keyOf = (content: Buffer | string) => createHash('sha256').update(content).digest('hex').slice(0, 32);
  const kubectl = cacheDir ? await kubectlVersion() : undefined;
  if (!cacheDir || !kubectl) return { keyOf, has: () => false, add: () => undefined, save: () => undefined };

  const file = join(cacheDir, RECORD_FILE);
  const earlier = readRecord(file, kubectl);
  const built = new Set<string>();
  return {
    keyOf,
    has: (key) => built.has(key) || earlier.has(key),
    add: (keys) => {
      for (const key of keys) built.add(key);
    },
    save: () => {
      if (built.size === 0) return;
      // Read again: another validation (another environment of the same command) may have saved
      // since. This run's keys first, so the oldest are the ones cut; written whole, then renamed.
      const keys = [...new Set([...built, ...readRecord(file, kubectl)])].slice(0, KEYS_KEPT);
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(`${file}.${process.pid}`, JSON.stringify({ kubectl, keys }));
      renameSync(`${file}.${process.pid}`, file);
    },
  };
}

function readRecord(file: string, kubectl: string): Set<string> {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as { kubectl?: unknown; keys?: unknown };
    return record.kubectl === kubectl && Array.isArray(record.keys) ? new Set(record.keys.filter((k): k is string => typeof k === 'string')) : new Set();
  } catch {
    return new Set(); // none yet, or unreadable: build everything
  }
}

/** kubectl's own build and the kustomize inside it, or undefined when kubectl cannot say. */
async function kubectlVersion(): Promise<string | undefined> {
  const result = await execa('kubectl', ['version', '--client', '-o', 'json'], { reject: false });
  if (result.exitCode !== 0) return undefined;
  try {
    const { clientVersion, kustomizeVersion } = JSON.parse(String(result.stdout)) as { clientVersion?: { gitVersion?: string; gitCommit?: string }; kustomizeVersion?: string };
    return clientVersion?.gitCommit ? `${clientVersion.gitVersion}+${clientVersion.gitCommit} kustomize ${kustomizeVersion}` : undefined;
  } catch {
    return undefined;
  }
}
