import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, readAppWorkloads } from '@workbench/workload-spec';
import type { EngineProblem } from '../engine/types.js';

/** The apps' workload files as read last in this process, and what reading them found. */
let last: { key: string; problems: EngineProblem[] } | undefined;

/**
 * What the programs would refuse first in the apps' workload.yaml files: both programs read
 * every app's (`readAppWorkloads`) before declaring anything, and stop at the first file that
 * does not parse, with its file, line and field. Render asks this before starting a program's
 * process, so a typo is reported in a fraction of a second instead of after the SDK has loaded;
 * the message is the one the program would give. Read once per process for the same bytes.
 */
export function workloadInputProblems(repoRoot: string): EngineProblem[] {
  const key = workloadFilesKey(repoRoot);
  if (last?.key !== key) {
    let problems: EngineProblem[] = [];
    try {
      readAppWorkloads(repoRoot);
    } catch (error) {
      // Anything else (a file that cannot be read at all) the program meets and reports its own way.
      if (error instanceof InputError) problems = [{ message: error.message.trim() }];
    }
    last = { key, problems };
  }
  return last.problems;
}

function workloadFilesKey(repoRoot: string): string {
  const hash = createHash('sha256').update(repoRoot);
  const appsDir = join(repoRoot, 'apps');
  for (const app of existsSync(appsDir) ? readdirSync(appsDir).sort() : []) {
    const file = join(appsDir, app, 'workload.yaml');
    if (existsSync(file)) hash.update(`\0${app}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}
