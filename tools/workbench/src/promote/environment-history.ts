import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitSucceeds } from '../adapters/git.js';
import { UsageError } from '../environments.js';
import { modelHoldKey, sameModelPin } from '@workbench/stack-config';
import { samePin } from './stack-state.js';
import { stackHistory } from './version-history.js';

export interface HistoryEntry {
  commit: string;
  date: string;
  author: string;
  subject: string;
  pullRequest: number | null;
  changes: { app: string; from: string | null; to: string | null }[];
  /** Model versions this commit pinned (release, promotion, rollback). */
  models: { model: string; from: string | null; to: string | null }[];
  /** Holds set (with their reason) or released by this commit. */
  holds: { app: string; held: { version: string; reason: string } | null }[];
  /** Re-runs this commit asked for (`workbench rerun`). */
  reruns: { app: string; run: number; reason: string }[];
}

/** Every commit that changed which versions run in the environment, its holds or its re-runs, newest first. */
export async function environmentHistory(options: { repoRoot: string; env: string; app?: string; model?: string }): Promise<HistoryEntry[]> {
  const history = await stackHistory(options.repoRoot, options.env);
  if (options.app && options.model) throw new UsageError('--app and --model: name one of them');
  if (options.model && !history.some((h) => h.models[options.model!])) {
    const known = [...new Set(history.flatMap((h) => Object.keys(h.models)))].sort();
    throw new UsageError(`--model ${options.model}: no model of that name was ever pinned in ${options.env} (known: ${known.join(', ') || 'none'})`);
  }
  if (options.app) {
    const inApps = existsSync(join(options.repoRoot, 'apps')) ? readdirSync(join(options.repoRoot, 'apps')).filter((app) => existsSync(join(options.repoRoot, 'apps', app, 'workload.yaml'))) : [];
    const known = new Set([...history.flatMap((h) => Object.keys(h.releases)), ...inApps]);
    if (!known.has(options.app)) {
      throw new UsageError(`--app ${options.app}: no app of that name in apps/ or in the history of ${options.env} (known: ${[...known].sort().join(', ') || 'none'})`);
    }
  }
  const entries: HistoryEntry[] = [];
  for (const [i, entry] of history.entries()) {
    const before = history[i + 1]?.releases ?? {};
    const heldBefore = history[i + 1]?.holds ?? {};
    // A hold's key is an app or `model/<name>`: --app and --model each select their own.
    const wanted = (key: string) => (options.model ? key === modelHoldKey(options.model) : !options.app || key === options.app);
    const wantedModel = (model: string) => (options.model ? model === options.model : !options.app);
    const apps = [...new Set([...Object.keys(before), ...Object.keys(entry.releases)])].filter(wanted).sort();
    const changes = apps
      .filter((app) => !samePin(before[app], entry.releases[app]))
      .map((app) => ({ app, from: before[app]?.tag ?? null, to: entry.releases[app]?.tag ?? null }));
    const modelsBefore = history[i + 1]?.models ?? {};
    const models = [...new Set([...Object.keys(modelsBefore), ...Object.keys(entry.models)])]
      .filter(wantedModel)
      .sort()
      .filter((model) => !sameModelPin(modelsBefore[model], entry.models[model]))
      .map((model) => ({ model, from: modelsBefore[model]?.version ?? null, to: entry.models[model]?.version ?? null }));
    const holds = [...new Set([...Object.keys(heldBefore), ...Object.keys(entry.holds)])]
      .filter(wanted)
      .sort()
      .filter((app) => JSON.stringify(heldBefore[app]) !== JSON.stringify(entry.holds[app]))
      .map((app) => ({ app, held: entry.holds[app] ? { version: entry.holds[app]!.version, reason: entry.holds[app]!.reason } : null }));
    const rerunsBefore = history[i + 1]?.reruns ?? {};
    const reruns = Object.entries(entry.reruns)
      .filter(([app, rerun]) => wanted(app) && rerun.run !== rerunsBefore[app]?.run)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([app, rerun]) => ({ app, run: rerun.run, reason: rerun.reason }));
    if (changes.length === 0 && models.length === 0 && holds.length === 0 && reruns.length === 0) continue;
    entries.push({ ...entry, pullRequest: await pullRequestOf(options.repoRoot, entry.commit, entry.subject), changes, models, holds, reruns });
  }
  return entries.map(({ commit, date, author, subject, pullRequest, changes, models, holds, reruns }) => ({ commit, date, author, subject, pullRequest, changes, models, holds, reruns }));
}

const PR_NUMBER = /\(#(\d+)\)$|Merge pull request #(\d+)/;

/**
 * The pull request that brought a commit to the branch: from a squash-merge subject "(#12)", or
 * from the merge commit "Merge pull request #12" that brought it in: the first merge after it
 * whose merged side (second parent) holds the commit and whose mainline (first parent) does not.
 * A commit made directly on the branch belongs to no pull request, however many merges follow.
 */
async function pullRequestOf(repoRoot: string, commit: string, subject: string): Promise<number | null> {
  const own = PR_NUMBER.exec(subject);
  if (own) return Number(own[1] ?? own[2]);
  const merges = await git(repoRoot, ['log', '--merges', '--ancestry-path', '--reverse', '--format=%H %s', `${commit}..HEAD`]).catch(() => '');
  for (const line of merges.split('\n').filter(Boolean)) {
    const [merge = '', ...words] = line.split(' ');
    if (await gitSucceeds(repoRoot, ['merge-base', '--is-ancestor', commit, `${merge}^1`])) continue;
    const match = PR_NUMBER.exec(words.join(' '));
    return match ? Number(match[1] ?? match[2]) : null;
  }
  return null;
}
