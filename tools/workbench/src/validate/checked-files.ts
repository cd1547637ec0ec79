import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Which files a checking tool has already passed, by their bytes: manifest files kustomize built,
 * rule files promtool checked.
 *
 * Both tools judge each file on its content alone. A file a plain kustomization lists (resources
 * only, no transformer) builds or fails by itself: kustomize parses it into resources and checks
 * each has a kind and a name; the one check across files, no object twice, validate makes itself
 * over the whole environment. promtool checks each rule file on its own. So a file whose exact
 * bytes passed once with this tool passes again, and a pull request that changes one app checks
 * only that app's files. The record is keyed by the tool's own version (a new kustomize or
 * promtool starts empty) and lives beside the installed packages, like the render cache.
 */
export interface CheckedFiles {
  /** The key of a file's content. */
  keyOf(content: Buffer | string): string;
  has(key: string): boolean;
  /** Records keys that passed in this run; `save` writes them with the earlier ones. */
  add(keys: Iterable<string>): void;
  save(): void;
}

/** A checking tool: its name (the record's) and the command that prints its version. */
export interface CheckingTool {
  name: string;
  version: [command: string, ...args: string[]];
}

export const KUSTOMIZE: CheckingTool = { name: 'kustomize', version: ['kubectl', 'version', '--client', '-o', 'json'] };
export const PROMTOOL: CheckingTool = { name: 'promtool', version: ['promtool', '--version'] };
export const AMTOOL: CheckingTool = { name: 'amtool', version: ['amtool', '--version'] };

/** Enough for several workspaces of thousands of files; the oldest keys go first. */
const KEYS_KEPT = 100_000;

/** The record in `cacheDir` for this tool as installed, or one that remembers nothing when there is no cache or no tool. */
export async function checkedFilesIn(cacheDir: string | undefined, tool: CheckingTool): Promise<CheckedFiles> {
  const keyOf = (content: Buffer | string) => createHash('sha256').update(content).digest('hex').slice(0, 32);
  const version = cacheDir ? await toolVersion(tool) : undefined;
  if (!cacheDir || !version) return { keyOf, has: () => false, add: () => undefined, save: () => undefined };

  const file = join(cacheDir, `${tool.name}-checked-files.json`);
  const earlier = readRecord(file, version);
  const passed = new Set<string>();
  return {
    keyOf,
    has: (key) => passed.has(key) || earlier.has(key),
    add: (keys) => {
      for (const key of keys) passed.add(key);
    },
    save: () => {
      if (passed.size === 0) return;
      // Read again: another validation (another environment of the same command) may have saved
      // since. This run's keys first, so the oldest are the ones cut; written whole, then renamed.
      const keys = [...new Set([...passed, ...readRecord(file, version)])].slice(0, KEYS_KEPT);
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(`${file}.${process.pid}`, JSON.stringify({ version, keys }));
      renameSync(`${file}.${process.pid}`, file);
    },
  };
}

function readRecord(file: string, version: string): Set<string> {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; keys?: unknown };
    return record.version === version && Array.isArray(record.keys) ? new Set(record.keys.filter((k): k is string => typeof k === 'string')) : new Set();
  } catch {
    return new Set(); // none yet, or unreadable: check everything
  }
}

const versions = new Map<string, Promise<string | undefined>>();

/**
 * What the tool prints as its version (kubectl: its build and the kustomize in it), or undefined
 * when it cannot say. Asked once per process for the same environment (PATH and every other
 * variable): validate asks for each environment it checks, both for its memo and for this record.
 */
export function toolVersion(tool: CheckingTool): Promise<string | undefined> {
  const [command, ...args] = tool.version;
  const asked = JSON.stringify([tool.version, process.env]);
  let version = versions.get(asked);
  if (!version) {
    version = execa(command, args, { reject: false, all: true }).then((result) => {
      const printed = String(result.all ?? '').trim();
      return result.exitCode === 0 && printed ? printed : undefined;
    });
    versions.set(asked, version);
  }
  return version;
}
