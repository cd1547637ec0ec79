import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundledProgram, cachedBundle } from './bundle.js';
import { lookupResult, resultKey, storeResult } from './result-cache.js';
import { sourcesRelativeTo } from './source-location.js';
import type { EngineProblem, ProgramJob, ProgramResult } from './types.js';

const WORKER_SOURCE = fileURLToPath(new URL('./program-worker.ts', import.meta.url));
const PRELOAD_SOURCE = fileURLToPath(new URL('./defer-closure-modules.ts', import.meta.url));
const WORKER_CACHE = fileURLToPath(new URL('../../node_modules/.cache/workbench-worker', import.meta.url));
const COMPILE_CACHE = fileURLToPath(new URL('../../node_modules/.cache/workbench-node-compile', import.meta.url));

let worker: Promise<{ module: string; preload: string; inputHashes: Record<string, string> }> | undefined;

/** The worker and its preload as bundled modules (built once per process, then reused until their sources change). */
function workerEntry() {
  worker ??= cachedBundle({ entries: { 'program-worker': WORKER_SOURCE, 'defer-closure-modules': PRELOAD_SOURCE }, outRoot: WORKER_CACHE }).then(({ dir, inputHashes }) => ({
    module: join(dir, 'program-worker.mjs'),
    preload: join(dir, 'defer-closure-modules.mjs'),
    inputHashes,
  }));
  return worker;
}

/**
 * Runs a program in a fresh Node process (the Pulumi runtime is per-process global state), so
 * several environments render in parallel without sharing anything. With `resultCache`, a run
 * whose inputs are all unchanged is answered from the cache without starting a process.
 * `inputProblems`, asked only when the program would run, says what it would refuse in its
 * input files first: when it names any, they are the result and no process starts.
 */
export async function runProgramInWorker(job: ProgramJob, options: { inputProblems?: () => EngineProblem[] } = {}): Promise<ProgramResult> {
  const worker = await workerEntry();
  const cacheRoot = job.cacheDir ?? join(tmpdir(), 'workbench-program-cache');
  const program = await bundledProgram(job.programFile, cacheRoot, job.repoRoot);
  const policyPack = job.policyPackFile ? await bundledProgram(job.policyPackFile, cacheRoot, job.repoRoot) : undefined;
  // What the program's process sees: the same variables the cache compares.
  const env = { NODE_COMPILE_CACHE: COMPILE_CACHE, ...process.env, PULUMI_NODEJS_STACK: job.stack };
  const cache = job.resultCache;
  const key = cache && resultKey(cache, job, { worker: worker.inputHashes, program: program.inputHashes, ...(policyPack ? { policyPack: policyPack.inputHashes } : {}) }, env);
  if (cache && key) {
    const reused = lookupResult(cache, key, env);
    if (reused) return sourcesRelativeTo(process.cwd(), reused);
  }
  const refused = options.inputProblems?.() ?? [];
  if (refused.length) return { resources: [], problems: refused, outputs: {} };
  const result = await runInProcess(worker, { ...job, programFile: program.module, ...(policyPack ? { policyPackFile: policyPack.module } : {}), recordDependencies: !!cache }, env);
  if (cache && key) storeResult(cache, key, result, env);
  const { dependencies: _recorded, ...returned } = result;
  return sourcesRelativeTo(process.cwd(), returned);
}

function runInProcess(worker: { module: string; preload: string }, job: ProgramJob, env: NodeJS.ProcessEnv): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = fork(worker.module, [], {
      // A larger young generation: a render allocates many short-lived objects (GC was ~20% of CPU).
      // 32 MiB semi-spaces: 300 apps, three environments, 12.2–13.1 s and 1,131 MiB in all, where
      // 64 took 14.1–14.3 s and 1,280 MiB and 16 took 13.3–14.5 s (same run, same machine).
      // WORKBENCH_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile per environment, for benchmarks.
      // No --enable-source-maps: the engine maps the program's own frames (source-location.ts).
      // The preload defers what the SDK loads only to serialize functions (defer-closure-modules.ts).
      execArgv: ['--max-semi-space-size=32', '--import', pathToFileURL(worker.preload).href, ...(process.env.WORKBENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKBENCH_CPU_PROFILE_DIR}`] : [])],
      // Whatever the program prints goes to stderr, keeping stdout for the command's own report.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Node's compile cache: the SDK's modules load from cached code after the first render.
      env,
    });
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    let result: ProgramResult | undefined;
    child.once('message', (message) => (result = message as ProgramResult));
    child.once('error', reject);
    // 'close', not 'exit': 'exit' can come before the last IPC message has been read (a large
    // result, a busy machine), which lost a finished render's result now and then.
    child.once('close', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the program process for stack "${job.stack}" exited with code ${code} before reporting:\n${stderr.trim()}`));
    });
    child.send(job);
  });
}
