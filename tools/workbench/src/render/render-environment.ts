import { STACK_OUTPUTS } from '@workbench/platform-contract';
import { readPulumiConfig, readStackConfig } from '@workbench/stack-config';
import { formatProblem as formatSpecProblem, SpecFileError } from '@workbench/workload-spec';
import { isAbsolute, join } from 'node:path';
import type { CloudResource } from '../engine/inventory.js';
import { type RenderedObject, toManifests } from '../engine/manifests.js';
import { runProgramInWorker } from '../engine/run-in-worker.js';
import type { EngineProblem, ProgramJob, ResultCacheLocation } from '../engine/types.js';
import { layoutEnvironment } from './layout.js';
import { memoizedLayout } from './layout-memo.js';
import { renderGuardProblems } from './render-guards.js';
import { readPulumiProject } from './stack-files.js';
import { workloadInputProblems } from './workload-precheck.js';

export interface RenderedEnvironment {
  /** The folder under environments/: an environment (`staging`), or a cloud stack (`cloud/staging`). */
  env: string;
  /** Path inside `environments/<env>/` → file content. */
  files: Map<string, string>;
  objects: RenderedObject[];
  /** The cloud resources of a cloud stack's plan (none for an environment's Kubernetes objects). */
  cloudResources?: CloudResource[];
  /** Apps the program deployed (its `deployedApps` export). */
  apps: string[];
  problems: EngineProblem[];
  /** Peak memory of the process that ran the program. */
  maxRssBytes: number;
  /** Milliseconds spent per phase: process start and SDK load, program, settling, YAML layout. */
  timings: { startupMs: number; programMs: number; settleMs: number; layoutMs: number };
  /** The program did not run: an earlier run with exactly these inputs answered. */
  cached?: boolean;
}

export const PROGRAM_DIR = 'platform/workloads';

/**
 * `off` (or `render --no-cache`) runs every program even when its inputs are unchanged; an
 * absolute path keeps results there instead (benchmarks and tests that need a cache of their own).
 */
export const RENDER_CACHE_VARIABLE = 'WORKBENCH_RENDER_CACHE';

/** Where program results are reused from: by default beside the installed packages, shared by worktrees and copies that link them. */
export function renderCacheOf(repoRoot: string): ResultCacheLocation | undefined {
  const setting = process.env[RENDER_CACHE_VARIABLE];
  if (setting === 'off') return undefined;
  return { dir: setting && isAbsolute(setting) ? setting : join(repoRoot, 'node_modules/.cache/workbench-render'), workspaceRoot: repoRoot };
}

/** Where laid-out files are reused from: beside the program results, and off with them. */
export function layoutCacheOf(repoRoot: string): string | undefined {
  const results = renderCacheOf(repoRoot);
  return results && join(results.dir, 'layouts');
}

/** The workloads program's run for one environment, as render asks the engine for it. */
export function workloadsProgramJob(repoRoot: string, env: string): ProgramJob {
  const programDir = join(repoRoot, PROGRAM_DIR);
  const project = readPulumiProject(programDir);
  return {
    programFile: join(programDir, project.main),
    programRoot: join(repoRoot, 'platform'),
    project: project.name,
    stack: env,
    config: readPulumiConfig(programDir, project.name, env, repoRoot),
    repoRoot,
    cacheDir: join(repoRoot, 'node_modules/.cache/workbench-program'),
    resultCache: renderCacheOf(repoRoot),
  };
}

/** Runs the workloads program for one environment and lays out its files, in memory only. */
export async function renderEnvironment(repoRoot: string, env: string): Promise<RenderedEnvironment> {
  const job = workloadsProgramJob(repoRoot, env);
  // The stack config's own problems, each at its line, before a program runs on it.
  try {
    readStackConfig(repoRoot, env);
  } catch (error) {
    if (!(error instanceof SpecFileError)) throw error;
    return notRendered(env, error.problems.map((problem) => ({ message: formatSpecProblem(problem) })));
  }
  const started = performance.now();
  const result = await runProgramInWorker(job, { inputProblems: () => workloadInputProblems(repoRoot) });
  const workerMs = performance.now() - started;
  const { objects, layers, problems } = toManifests(result.resources);
  const layoutStarted = performance.now();
  const laidOut =
    result.problems.length || problems.length
      ? { problems: renderGuardProblems(objects), files: new Map<string, string>() }
      : memoizedLayout(layoutCacheOf(repoRoot), { env, objects, layers }, () => {
          const guards = renderGuardProblems(objects);
          return { problems: guards, files: guards.length ? new Map<string, string>() : layoutEnvironment(env, objects, layers) };
        });
  const allProblems = [...result.problems, ...problems, ...laidOut.problems];
  const deployed = result.outputs[STACK_OUTPUTS.deployedApps];
  const apps = Array.isArray(deployed) ? (deployed as string[]) : [];
  const files = allProblems.length ? new Map<string, string>() : laidOut.files;
  const { programMs = 0, settleMs = 0 } = result.timings ?? {};
  return {
    env,
    files,
    timings: { startupMs: workerMs - programMs - settleMs, programMs, settleMs, layoutMs: performance.now() - layoutStarted },
    objects,
    apps,
    problems: allProblems,
    maxRssBytes: result.maxRssBytes ?? 0,
    ...(result.cached ? { cached: true } : {}),
  };
}

/** A unit that could not run: its problems, nothing to write. */
export function notRendered(env: string, problems: EngineProblem[]): RenderedEnvironment {
  return { env, files: new Map(), objects: [], apps: [], problems, maxRssBytes: 0, timings: { startupMs: 0, programMs: 0, settleMs: 0, layoutMs: 0 } };
}

export function formatProblem(env: string, problem: EngineProblem): string {
  const where = [problem.source, problem.resource].filter(Boolean).join(' ');
  return `[${env}] ${where ? `${where}: ` : ''}${problem.message}`;
}

/** Every problem of every environment, one line each, in the order the environments came. */
export function renderProblems(rendered: RenderedEnvironment[]): string[] {
  return rendered.flatMap((r) => r.problems.map((p) => formatProblem(r.env, p)));
}
