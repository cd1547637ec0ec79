import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../adapters/git.js';
import { type Freeze, type Hold, type ModelPin, parsePinsAndPolicy, type ReleasePin, type Rerun, stackFilePath } from '@workbench/stack-config';
import { InputError } from '@workbench/workload-spec';

/** What promotion needs from one environment's stack config. */
export interface StackState {
  env: string;
  path: string;
  text: string;
  releases: Record<string, ReleasePin>;
  /** Model pins by registered model name (`<customer>-<model>`). */
  models: Record<string, ModelPin>;
  holds: Record<string, Hold>;
  freezes: Freeze[];
  reruns: Record<string, Rerun>;
}

/** The stack state in the working tree, or committed at `revision` (what a branch is made from). */
export async function readStackState(repoRoot: string, env: string, revision?: string): Promise<StackState> {
  const path = stackFilePath(env);
  if (!revision) return stackStateOf(env, await readFile(join(repoRoot, path), 'utf8'));
  const text = await git(repoRoot, ['show', `${revision}:${path}`]).catch(() => {
    throw new InputError(`${path}: not in the commit ${revision}; commit the stack config first`);
  });
  return stackStateOf(env, text + '\n');
}

/** Release and model pins, holds, freezes and re-runs of a stack file's text, each checked (errors say file:line:col and key). */
export function stackStateOf(env: string, text: string): StackState {
  const path = stackFilePath(env);
  return { env, path, text, ...parsePinsAndPolicy(text, path) };
}

export const samePin = (a: ReleasePin | undefined, b: ReleasePin | undefined) =>
  !!a && !!b && a.image === b.image && a.tag === b.tag && a.commit === b.commit && a.digest === b.digest;
