import { join } from 'node:path';
import { type RenderedObject, toManifests } from '../engine/manifests.js';
import { runProgramInWorker } from '../engine/run-in-worker.js';
import type { EngineProblem } from '../engine/types.js';
import { layoutEnvironment } from './layout.js';
import { readPulumiProject, readStackConfigFile } from './stack-files.js';

export interface RenderedEnvironment {
  env: string;
  /** Path inside `environments/<env>/` → file content. */
  files: Map<string, string>;
  objects: RenderedObject[];
  /** Apps the program deployed (its `deployedApps` export). */
  apps: string[];
  problems: EngineProblem[];
}

export const PROGRAM_DIR = 'platform/workloads';

/** Runs the workloads program for one environment and lays out its files, in memory only. */
export async function renderEnvironment(repoRoot: string, env: string): Promise<RenderedEnvironment> {
  const programDir = join(repoRoot, PROGRAM_DIR);
  const project = readPulumiProject(programDir);
  const config = readStackConfigFile(programDir, project.name, env, repoRoot);
  const result = await runProgramInWorker({
    programFile: join(programDir, project.main),
    programRoot: join(repoRoot, 'platform'),
    project: project.name,
    stack: env,
    config,
  });
  const { objects, layers, problems } = toManifests(result.resources);
  const allProblems = [...result.problems, ...problems];
  const apps = Array.isArray(result.outputs.deployedApps) ? (result.outputs.deployedApps as string[]) : [];
  return { env, files: allProblems.length ? new Map() : layoutEnvironment(env, objects, layers), objects, apps, problems: allProblems };
}

export function formatProblem(env: string, problem: EngineProblem): string {
  const where = [problem.source, problem.resource].filter(Boolean).join(' ');
  return `[${env}] ${where ? `${where}: ` : ''}${problem.message}`;
}
