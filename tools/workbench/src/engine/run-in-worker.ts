import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProgramJob, ProgramResult } from './types.js';

const WORKER = fileURLToPath(new URL('./program-worker.ts', import.meta.url));

/**
 * Runs a program in a fresh Node process (the Pulumi runtime is per-process global state), so
 * several environments render in parallel without sharing anything.
 */
export function runProgramInWorker(job: ProgramJob): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      // A larger young generation: a render allocates many short-lived objects (GC was ~20% of CPU).
      // WORKBENCH_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile per environment, for benchmarks.
      execArgv: ['--import', 'tsx', '--max-semi-space-size=64', ...(process.env.WORKBENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKBENCH_CPU_PROFILE_DIR}`] : [])],
      // Whatever the program prints goes to stderr, keeping stdout for the command's own report.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, PULUMI_NODEJS_STACK: job.stack },
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
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the program process for stack "${job.stack}" exited with code ${code} before reporting:\n${stderr.trim()}`));
    });
    child.send(job);
  });
}
