import { join } from 'node:path';
import { writeEnvironments } from './environment-files.js';
import { renderEnvironment, type RenderedEnvironment, renderProblems } from './render-environment.js';

export interface RenderToDiskResult {
  ok: boolean;
  rendered: RenderedEnvironment[];
  /** One line per problem, `[env] file:line: message`; empty when ok. */
  problems: string[];
}

/**
 * Renders environments in parallel (one process each) and, only when every one succeeded, writes
 * them all under the render lock. For commands that render as one step of their own work
 * (release, promote, labs); `workbench render` adds progress and `--check` around the same parts.
 */
export async function renderToDisk(repoRoot: string, environments: string[], waiting: (message: string) => void = () => undefined): Promise<RenderToDiskResult> {
  const rendered = await Promise.all(environments.map((env) => renderEnvironment(repoRoot, env)));
  const problems = renderProblems(rendered);
  if (problems.length) return { ok: false, rendered, problems };
  await writeEnvironments(join(repoRoot, 'environments'), rendered, waiting);
  return { ok: true, rendered, problems };
}
