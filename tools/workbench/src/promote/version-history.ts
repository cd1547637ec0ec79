import type { Hold, ModelPin, ReleasePin, Rerun } from '@workbench/stack-config';
import { git, gitObjects } from '../adapters/git.js';
import { stackFilePath } from '@workbench/stack-config';
import { stackStateOf } from './stack-state.js';

export interface PinAtCommit {
  commit: string;
  author: string;
  date: string;
  subject: string;
  releases: Record<string, ReleasePin>;
  models: Record<string, ModelPin>;
  holds: Record<string, Hold>;
  reruns: Record<string, Rerun>;
}

/** Every committed version of an environment's stack config, newest first. */
export async function stackHistory(repoRoot: string, env: string): Promise<PinAtCommit[]> {
  const path = stackFilePath(env);
  const log = await git(repoRoot, ['log', '--format=%H%x09%an%x09%aI%x09%s', '--', path]);
  const commits = log.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string, string, string]);
  // The file at every one of those commits, read at once (absent where a commit deleted it).
  const texts = await gitObjects(repoRoot, commits.map(([commit]) => `${commit}:${path}`));
  return commits.map(([commit, author, date, subject], i) => {
    const text = texts[i];
    const state = text ? stackStateOf(env, text) : undefined;
    return { commit, author, date, subject, releases: state?.releases ?? {}, models: state?.models ?? {}, holds: state?.holds ?? {}, reruns: state?.reruns ?? {} };
  });
}

/** The distinct pins (by `version`) one thing had in the environment's history, newest first. */
async function distinctPins<T>(repoRoot: string, env: string, pinOf: (entry: PinAtCommit) => T | undefined, version: (pin: T) => string): Promise<T[]> {
  const pins: T[] = [];
  for (const entry of await stackHistory(repoRoot, env)) {
    const pin = pinOf(entry);
    if (pin && !pins.some((p) => version(p) === version(pin))) pins.push(pin);
  }
  return pins;
}

/** The distinct versions of an app that ran in the environment, newest first. */
export const versionsThatRan = (repoRoot: string, env: string, app: string): Promise<ReleasePin[]> =>
  distinctPins(repoRoot, env, (entry) => entry.releases[app], (pin) => pin.tag);

/** The distinct versions of a model that served in the environment, newest first. */
export const modelVersionsThatRan = (repoRoot: string, env: string, model: string): Promise<ModelPin[]> =>
  distinctPins(repoRoot, env, (entry) => entry.models[model], (pin) => pin.version);
