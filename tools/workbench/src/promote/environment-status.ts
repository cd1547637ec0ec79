import { activeFreeze, describeFreeze, modelHoldKey } from '@workbench/stack-config';
import { readProjectGraph } from '../adapters/nx.js';
import { appCommitsBetween } from './app-commits.js';
import { ALL_ENVIRONMENTS } from '../environments.js';
import { readStackState } from './stack-state.js';

export interface AppStatus {
  app: string;
  versions: Record<string, string | null>;
  held: Record<string, string>;
  /** Commits to the app (and its libs) in staging's version that production does not run yet. */
  productionBehindStaging: number | null;
}

export interface ModelStatus {
  /** The registered model, `<customer>-<model>`. */
  model: string;
  versions: Record<string, string | null>;
  held: Record<string, string>;
  /** Versions staging serves that production does not yet (the difference of version numbers). */
  productionBehindStaging: number | null;
}

/** Which version of each app runs where, how far production is behind staging, and freezes. */
export async function environmentStatus(options: { repoRoot: string; now?: Date }) {
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
  const models: ModelStatus[] = [...new Set(states.flatMap((s) => Object.keys(s.models)))].sort().map((model) => {
    const staging = byEnv.staging!.models[model];
    const production = byEnv.production!.models[model];
    const hold = (s: (typeof states)[number]) => s.holds[modelHoldKey(model)];
    return {
      model,
      versions: Object.fromEntries(states.map((s) => [s.env, s.models[model]?.version ?? null])),
      held: Object.fromEntries(states.filter(hold).map((s) => [s.env, `${hold(s)!.version} (${hold(s)!.reason})`])),
      productionBehindStaging: staging && production ? Math.max(0, Number(staging.version) - Number(production.version)) : null,
    };
  });
  const now = options.now ?? new Date();
  const freezes = Object.fromEntries(states.map((s) => [s.env, activeFreeze(s.freezes, now)]).filter(([, f]) => f).map(([env, f]) => [env, describeFreeze(f as never)]));
  return { apps: result, models, freezes };
}

export type EnvironmentStatus = Awaited<ReturnType<typeof environmentStatus>>;
