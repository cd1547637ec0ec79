import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../adapters/git.js';
import { type Freeze, freezesSchema, type Hold, holdsSchema, type ReleasePin, stackFilePath } from '@workbench/stack-config';
import { InputError } from '@workbench/workload-spec';
import { parse } from 'yaml';

/** What promotion needs from one environment's stack config. */
export interface StackState {
  env: string;
  path: string;
  text: string;
  releases: Record<string, ReleasePin>;
  holds: Record<string, Hold>;
  freezes: Freeze[];
}

export const stackPath = stackFilePath;

/** The stack state in the working tree, or committed at `revision` (what a branch is made from). */
export async function readStackState(repoRoot: string, env: string, revision?: string): Promise<StackState> {
  const path = stackPath(env);
  if (!revision) return stackStateOf(env, await readFile(join(repoRoot, path), 'utf8'));
  const text = await git(repoRoot, ['show', `${revision}:${path}`]).catch(() => {
    throw new InputError(`${path}: not in the commit ${revision}; commit the stack config first`);
  });
  return stackStateOf(env, text + '\n');
}

export function stackStateOf(env: string, text: string): StackState {
  const path = stackPath(env);
  let document: { config?: Record<string, unknown> } | null;
  try {
    document = parse(text, { maxAliasCount: 100 }) as typeof document;
  } catch (error) {
    throw new InputError(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}; fix the file (git diff shows what changed)`);
  }
  const config = (document?.config ?? {}) as Record<string, unknown>;
  const holds = holdsSchema.safeParse(config['workloads:holds'] ?? {});
  const freezes = freezesSchema.safeParse(config['workloads:freezes'] ?? []);
  if (!holds.success) throw new InputError(`${path}: workloads:holds: ${holds.error.issues[0]!.path.join('.')}: ${holds.error.issues[0]!.message}`);
  if (!freezes.success) throw new InputError(`${path}: workloads:freezes: ${freezes.error.issues[0]!.path.join('.')}: ${freezes.error.issues[0]!.message}`);
  return {
    env,
    path,
    text,
    releases: (config['workloads:releases'] ?? {}) as Record<string, ReleasePin>,
    holds: holds.data,
    freezes: freezes.data,
  };
}

export const samePin = (a: ReleasePin | undefined, b: ReleasePin | undefined) =>
  !!a && !!b && a.image === b.image && a.tag === b.tag && a.commit === b.commit && a.digest === b.digest;
