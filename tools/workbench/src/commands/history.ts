import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../ci/git.js';
import { UsageError } from '../environments.js';
import { samePin } from '../promote/stack-state.js';
import { stackHistory } from '../promote/version-history.js';

export interface HistoryEntry {
  commit: string;
  date: string;
  author: string;
  subject: string;
  pullRequest: number | null;
  changes: { app: string; from: string | null; to: string | null }[];
}

/** Every commit that changed which versions run in the environment, newest first. */
export async function historyCommand(options: { repoRoot: string; env: string; app?: string }): Promise<HistoryEntry[]> {
  const history = await stackHistory(options.repoRoot, options.env);
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
    const apps = [...new Set([...Object.keys(before), ...Object.keys(entry.releases)])].filter((app) => !options.app || app === options.app).sort();
    const changes = apps
      .filter((app) => !samePin(before[app], entry.releases[app]))
      .map((app) => ({ app, from: before[app]?.tag ?? null, to: entry.releases[app]?.tag ?? null }));
    if (changes.length === 0) continue;
    entries.push({ ...entry, pullRequest: await pullRequestOf(options.repoRoot, entry.commit, entry.subject), changes });
  }
  return entries.map(({ commit, date, author, subject, pullRequest, changes }) => ({ commit, date, author, subject, pullRequest, changes }));
}

const PR_NUMBER = /\(#(\d+)\)$|Merge pull request #(\d+)/;

/**
 * The pull request that brought a commit to the branch: from a squash-merge subject "(#12)", or
 * from the first merge commit "Merge pull request #12" on the way from the commit to HEAD.
 */
async function pullRequestOf(repoRoot: string, commit: string, subject: string): Promise<number | null> {
  const own = PR_NUMBER.exec(subject);
  if (own) return Number(own[1] ?? own[2]);
  const merges = await git(repoRoot, ['log', '--merges', '--ancestry-path', '--reverse', '--format=%s', `${commit}..HEAD`]).catch(() => '');
  for (const line of merges.split('\n')) {
    const match = PR_NUMBER.exec(line);
    if (match) return Number(match[1] ?? match[2]);
  }
  return null;
}

export function formatHistory(entries: HistoryEntry[]): string {
  return entries
    .map((e) => {
      const head = `${e.date}  ${e.commit.slice(0, 12)}  ${e.author}${e.pullRequest ? `  #${e.pullRequest}` : ''}  ${e.subject}`;
      return [head, ...e.changes.map((c) => `    ${c.app}: ${c.from ?? '(none)'} -> ${c.to ?? '(removed)'}`)].join('\n');
    })
    .join('\n') + '\n';
}
