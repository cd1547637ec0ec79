import { cloudStacksOf, INVENTORY_FILE, renderCloudStack } from '../render/render-cloud.js';
import { renderEnvironment, renderProblems } from '../render/render-environment.js';
import { diffInventories } from './cloud-diff.js';
import { inTemporaryWorktree } from '../workspace/temporary-worktree.js';
import type { EnvironmentDiff } from './format-diff.js';
import { filesAtRevision, verifyRevision } from './git-files.js';
import { diffObjects } from './object-diff.js';

export type EnvironmentsDiff = { ok: true; diffs: EnvironmentDiff[] } | { ok: false; problems: string[] };

/**
 * Renders the working tree, or the commit `head` (in a temporary worktree), in memory — nothing
 * is written — and compares it, object by object, with the environments committed at `base`.
 */
export async function diffEnvironments(options: { repoRoot: string; environments: string[]; base: string; head?: string; cloud?: boolean }): Promise<EnvironmentsDiff> {
  await verifyRevision(options.repoRoot, options.base);
  const stacks = options.cloud === false ? [] : cloudStacksOf(options.environments);
  const renderAll = (root: string) =>
    Promise.all([...options.environments.map((env) => renderEnvironment(root, env)), ...stacks.map((stack) => renderCloudStack(root, stack))]);
  let rendered: Awaited<ReturnType<typeof renderAll>>;
  if (options.head) {
    await verifyRevision(options.repoRoot, options.head);
    rendered = await inTemporaryWorktree(options.repoRoot, options.head, renderAll);
  } else {
    rendered = await renderAll(options.repoRoot);
  }
  const problems = renderProblems(rendered);
  if (problems.length) return { ok: false, problems };
  const diffs: EnvironmentDiff[] = [];
  for (const r of rendered) {
    const committed = await filesAtRevision(options.repoRoot, options.base, r.env);
    if (r.cloudResources) diffs.push({ env: r.env, ...diffInventories(committed.get(INVENTORY_FILE), r.files.get(INVENTORY_FILE)) });
    else diffs.push({ env: r.env, changes: diffObjects(committed, r.files) });
  }
  return { ok: true, diffs };
}
