// Reuses a program's result when nothing it was computed from has changed, as a build system
// reuses an action's output. What a result was computed from has two parts:
// - what is known before running (the key): the program's, the policy pack's and the engine's
//   sources by content, the installed package versions, Node and esbuild, the project, stack and
//   config;
// - what the program read while running (recorded in its process by record-dependencies.ts):
//   every file, folder listing and stat by fingerprint, and every environment variable by value.
// A result is reused only when the key matches and every recorded read still gives the same
// fingerprint. Runs with problems, runs that read the clock, and runs that read something the
// recorder cannot follow are never stored. Paths, source locations included, are kept relative to
// the workspace, so copies of the repository (worktrees, temp copies sharing node_modules) and
// commands run from any folder share results.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import fs from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ESBUILD_VERSION } from './bundle-record.mjs';
import { fingerprint, type ReadKind } from './input-fingerprint.js';
import { moveSources } from './source-location.js';
import type { ProgramJob, ProgramResult, ResultCacheLocation } from './types.js';

/** Bumped when what is stored or how it is keyed changes. */
const FORMAT = 2;
/** Results kept per key (different workload files, the same program and config). */
const VARIANTS_PER_KEY = 8;
/** Results nobody reused for this long are removed when a new one is stored. */
const UNUSED_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** The sources a run depends on before it starts, each as file → content hash. */
export interface KnownInputs {
  worker: Record<string, string>;
  program: Record<string, string>;
  policyPack?: Record<string, string>;
}

interface StoredDependencies {
  reads: Record<string, string>;
  env: Record<string, string | null>;
}

/** A path as stored: relative to the workspace when inside it, so copies of the repository agree. */
function portable(workspaceRoot: string, path: string): string {
  const inside = relative(workspaceRoot, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep).join('/') : path;
}

const located = (workspaceRoot: string, path: string) => (isAbsolute(path) ? path : resolve(workspaceRoot, path));

/** A recorded read's key, `<kind>:<path>`, split (paths may hold colons; kinds never do). */
function splitRead(read: string): { kind: ReadKind; path: string } {
  const colon = read.indexOf(':');
  return { kind: read.slice(0, colon) as ReadKind, path: read.slice(colon + 1) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function portableHashes(workspaceRoot: string, hashes: Record<string, string> | undefined): [string, string][] | undefined {
  return hashes && Object.entries(hashes).map(([file, hash]): [string, string] => [portable(workspaceRoot, file), hash]).sort(([a], [b]) => a.localeCompare(b));
}

/** Installed package versions: npm's record of what node_modules holds. */
export function installedPackages(workspaceRoot: string): string {
  const lock = join(workspaceRoot, 'node_modules/.package-lock.json');
  return existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'none';
}

/** The engine's environment that the Pulumi runtime reads while loading, before any recording. */
function engineVariables(env: NodeJS.ProcessEnv): [string, string][] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith('PULUMI_') && entry[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The key of everything known before the run. */
export function resultKey(location: ResultCacheLocation, job: ProgramJob, inputs: KnownInputs, env: NodeJS.ProcessEnv): string {
  const root = workspaceRootOf(location);
  return sha256(
    JSON.stringify({
      format: FORMAT,
      node: process.version,
      esbuild: ESBUILD_VERSION,
      packages: installedPackages(root),
      worker: portableHashes(root, inputs.worker),
      program: portableHashes(root, inputs.program),
      policyPack: portableHashes(root, inputs.policyPack),
      programFile: portable(root, job.programFile),
      programRoot: portable(root, job.programRoot),
      policyPackFile: job.policyPackFile && portable(root, job.policyPackFile),
      project: job.project,
      stack: job.stack,
      config: Object.entries(job.config).sort(([a], [b]) => a.localeCompare(b)),
      engineVariables: engineVariables(env),
    }),
  );
}

function workspaceRootOf(location: ResultCacheLocation): string {
  return realpathSync(location.workspaceRoot);
}

/** Whether every read the run recorded still gives what it gave, and every variable has its value. */
function unchanged(root: string, stored: StoredDependencies, env: NodeJS.ProcessEnv): boolean {
  for (const [name, value] of Object.entries(stored.env)) if ((env[name] ?? null) !== value) return false;
  for (const [read, value] of Object.entries(stored.reads)) {
    const { kind, path } = splitRead(read);
    if (fingerprint(fs, kind, located(root, path)) !== value) return false;
  }
  return true;
}

/** The stored result of a run with this key whose recorded reads are all unchanged, if any. */
export function lookupResult(location: ResultCacheLocation, key: string, env: NodeJS.ProcessEnv): ProgramResult | undefined {
  if (!existsSync(location.dir)) return undefined;
  const root = workspaceRootOf(location);
  const variants = readdirSync(location.dir).filter((name) => name.startsWith(`${key}-`) && name.endsWith('.deps.json'));
  for (const name of variants) {
    const depsFile = join(location.dir, name);
    try {
      const stored = JSON.parse(readFileSync(depsFile, 'utf8')) as StoredDependencies;
      if (!unchanged(root, stored, env)) continue;
      const resultFile = depsFile.replace(/\.deps\.json$/, '.result.json');
      const result = moveSources(JSON.parse(readFileSync(resultFile, 'utf8')) as ProgramResult, (path) => located(root, path));
      // Reused now: keep it past the pruning of unused results.
      const now = new Date();
      utimesSync(depsFile, now, now);
      return { ...result, cached: true, timings: { programMs: 0, settleMs: 0 }, maxRssBytes: 0 };
    } catch {
      // Removed or half-pruned by another process: not a hit.
    }
  }
  return undefined;
}

/** Why a finished run must not be reused, or undefined when it may. */
export function notReusable(result: ProgramResult): string | undefined {
  const deps = result.dependencies;
  if (!deps) return 'nothing was recorded';
  if (result.problems.length > 0) return 'the run had problems';
  if (deps.clockRead) return 'the program read the clock';
  if (deps.untracked.length > 0) return `the program read what the cache cannot follow: ${deps.untracked[0]}`;
  return undefined;
}

function writeAtomically(file: string, content: string) {
  const temporary = `${file}.${process.pid}-${randomUUID()}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/** Stores a reusable run's result under its key and recorded reads; drops old variants and unused results. */
export function storeResult(location: ResultCacheLocation, key: string, result: ProgramResult, env: NodeJS.ProcessEnv): void {
  const deps = result.dependencies;
  if (!deps || notReusable(result)) return;
  const root = workspaceRootOf(location);
  const stored: StoredDependencies = {
    reads: Object.fromEntries(
      Object.entries(deps.reads)
        .map(([read, value]): [string, string] => {
          const { kind, path } = splitRead(read);
          return [`${kind}:${portable(root, path)}`, value];
        })
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    env: deps.env,
  };
  // A variable the program read but the run saw differently from what a lookup will compare
  // with (the engine set it) would never match: no point storing.
  if (Object.entries(stored.env).some(([name, value]) => (env[name] ?? null) !== value)) return;
  mkdirSync(location.dir, { recursive: true });
  const base = join(location.dir, `${key}-${sha256(JSON.stringify(stored)).slice(0, 16)}`);
  const { dependencies: _recorded, cached: _cached, ...reusable } = moveSources(result, (path) => portable(root, path));
  // The result first: a deps file always has its result.
  writeAtomically(`${base}.result.json`, JSON.stringify(reusable));
  writeAtomically(`${base}.deps.json`, JSON.stringify(stored));
  prune(location.dir, key);
}

function prune(dir: string, key: string) {
  const now = Date.now();
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.deps.json'))
    .map((name) => {
      try {
        return { name, mtime: statSync(join(dir, name)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry !== undefined);
  const ofKey = entries.filter((e) => e.name.startsWith(`${key}-`)).sort((a, b) => b.mtime - a.mtime);
  const drop = [...ofKey.slice(VARIANTS_PER_KEY), ...entries.filter((e) => now - e.mtime > UNUSED_AFTER_MS)];
  for (const { name } of drop) {
    rmSync(join(dir, name), { force: true });
    rmSync(join(dir, name.replace(/\.deps\.json$/, '.result.json')), { force: true });
  }
}
