// Child-process entry: runs one program (one environment) and sends the result to the parent.
// Started by run-in-worker.ts with `node --import tsx`, so programs can be TypeScript.
import { runProgram } from './run-program.js';
import type { ProgramJob } from './types.js';

process.once('message', async (job: ProgramJob) => {
  const result = await runProgram(job);
  // A non-zero exit after a failed render also keeps Pulumi from adding its promise-leak notice
  // (about promises the failure left pending) to the problems already reported.
  process.send!({ ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 }, () => process.exit(result.problems.length ? 1 : 0));
});
