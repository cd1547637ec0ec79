import { activeFreeze, describeFreeze } from '@workbench/stack-config';
import { readProjectGraph } from '../adapters/nx.js';
import { appCommitsBetween } from '../promote/app-commits.js';
import { ALL_ENVIRONMENTS } from '../environments.js';
import { readStackState } from '../promote/stack-state.js';

export interface AppStatus {
  app: string;
  versions: Record<string, string | null>;
  held: Record<string, string>;
  /** Commits to the app (and its libs) in staging's version that production does not run yet. */
  productionBehindStaging: number | null;
}

/** Which version of each app runs where, how far production is behind staging, and freezes. */
export async function statusCommand(options: { repoRoot: string; now?: Date }) {
  const states = await Promise.all(ALL_ENVIRONMENTS.map((env) => readStackState(options.repoRoot, env)));
  const byEnv = Object.fromEntries(states.map((s) => [s.env, s]));
  const apps = [...new Set(states.flatMap((s) => Object.keys(s.releases)))].sort();
  const graph = await readProjectGraph(options.repoRoot);
  const result: AppStatus[] = [];
  for (const app of apps) {
    const staging = byEnv.staging!.releases[app];
    const production = byEnv.production!.releases[app];
    let behind: number | null = null;
    if (staging && production) behind = (await appCommitsBetween(options.repoRoot, graph, app, production.commit, staging.commit))?.length ?? null;
    result.push({
      app,
      versions: Object.fromEntries(states.map((s) => [s.env, s.releases[app]?.tag ?? null])),
      held: Object.fromEntries(states.filter((s) => s.holds[app]).map((s) => [s.env, `${s.holds[app]!.version} (${s.holds[app]!.reason})`])),
      productionBehindStaging: behind,
    });
  }
  const now = options.now ?? new Date();
  const freezes = Object.fromEntries(states.map((s) => [s.env, activeFreeze(s.freezes, now)]).filter(([, f]) => f).map(([env, f]) => [env, describeFreeze(f as never)]));
  return { apps: result, freezes };
}

export function formatStatus(status: Awaited<ReturnType<typeof statusCommand>>): string {
  const envs = ALL_ENVIRONMENTS;
  const rows = [['app', ...envs, 'production behind staging'], ...status.apps.map((a) => [
    a.app,
    ...envs.map((env) => `${a.versions[env] ?? '—'}${a.held[env] ? ' (held)' : ''}`),
    a.productionBehindStaging === null ? (a.versions.production ? '?' : 'not in production') : a.productionBehindStaging === 0 ? 'up to date' : `${a.productionBehindStaging} commit(s)`,
  ])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  for (const [env, freeze] of Object.entries(status.freezes)) lines.push(`${env}: ${freeze}`);
  return lines.join('\n') + '\n';
}
