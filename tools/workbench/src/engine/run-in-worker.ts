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
      execArgv: ['--import', 'tsx'],
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
