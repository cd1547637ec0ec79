import { join } from 'node:path';
import { writeEnvironments } from './environment-files.js';
import { cloudStacksOf, cloudUnit, renderCloudStack } from './render-cloud.js';
import { renderEnvironment, type RenderedEnvironment, renderProblems } from './render-environment.js';

export interface RenderToDiskResult {
  ok: boolean;
  rendered: RenderedEnvironment[];
  /** One line per problem, `[env] file:line: message`; empty when ok. */
  problems: string[];
}

/**
 * Renders environments and their cloud stacks in parallel (one process each) and, only when every one succeeded, writes
 * them all under the render lock. For commands that render as one step of their own work
 * (release, promote, labs); `workbench render` adds progress and `--check` around the same parts.
 * `say` gets a line before the render (it takes seconds) and after it, and any wait for the lock.
 */
export async function renderToDisk(
  repoRoot: string,
  environments: string[],
  say: (message: string) => void = () => undefined,
  options: { cloud?: boolean } = {},
): Promise<RenderToDiskResult> {
  // A release pin decides which apps hold a cloud identity there: the environments' cloud stacks change with them.
  const stacks = options.cloud === false ? [] : cloudStacksOf(environments);
  const started = performance.now();
  say(`rendering ${[...environments, ...stacks.map(cloudUnit)].join(', ')} …`);
  const rendered = await Promise.all([...environments.map((env) => renderEnvironment(repoRoot, env)), ...stacks.map((stack) => renderCloudStack(repoRoot, stack))]);
  const problems = renderProblems(rendered);
  const reused = rendered.filter((r) => r.cached).length;
  say(`rendered in ${((performance.now() - started) / 1000).toFixed(1)} s${reused ? ` (${reused} of ${rendered.length} reused, inputs unchanged)` : ''}${problems.length ? `, with ${problems.length} problem(s)` : ''}`);
  if (problems.length) return { ok: false, rendered, problems };
  await writeEnvironments(join(repoRoot, 'environments'), rendered, say);
  return { ok: true, rendered, problems };
}

/** What a render of `env` may change, for a commit: its folder and its cloud stack's. */
export const renderedFolders = (env: string) => [`environments/${env}`, `environments/${cloudUnit(env)}`];
