import { filesAtRevision, verifyRevision } from '../diff/git-files.js';
import { type EnvironmentDiff, formatMarkdown, formatTerminal } from '../diff/format-diff.js';
import { diffObjects } from '../diff/object-diff.js';
import type { Environment } from '../environments.js';
import { formatProblem, renderEnvironment } from '../render/render-environment.js';
import { inTemporaryWorktree } from '../workspace/temporary-worktree.js';

export interface DiffOptions {
  repoRoot: string;
  environments: Environment[];
  base: string;
  /** A commit to render (in a temporary worktree) instead of the working tree. */
  head?: string;
  format: 'terminal' | 'markdown';
  color?: boolean;
  out?: (text: string) => void;
  err?: (line: string) => void;
}

/**
 * Renders the working tree, or the commit `head`, in memory (nothing is written) and compares
 * it, object by object, with the environments committed at `base`.
 */
export async function diffCommand(options: DiffOptions): Promise<{ ok: boolean; diffs: EnvironmentDiff[] }> {
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const err = options.err ?? ((line: string) => process.stderr.write(line + '\n'));
  await verifyRevision(options.repoRoot, options.base);
  const renderAll = (root: string) => Promise.all(options.environments.map((env) => renderEnvironment(root, env)));
  let rendered: Awaited<ReturnType<typeof renderAll>>;
  if (options.head) {
    await verifyRevision(options.repoRoot, options.head);
    rendered = await inTemporaryWorktree(options.repoRoot, { detach: options.head }, renderAll);
  } else {
    rendered = await renderAll(options.repoRoot);
  }
  const problems = rendered.flatMap((r) => r.problems.map((p) => formatProblem(r.env, p)));
  if (problems.length > 0) {
    err('Render failed, so there is nothing to compare:');
    for (const line of problems) err(`  ${line}`);
    return { ok: false, diffs: [] };
  }
  const diffs: EnvironmentDiff[] = [];
  for (const r of rendered) {
    diffs.push({ env: r.env, changes: diffObjects(await filesAtRevision(options.repoRoot, options.base, r.env), r.files) });
  }
  out(options.format === 'markdown' ? formatMarkdown(diffs, options.base) : formatTerminal(diffs, options.base, options.color ?? false));
  return { ok: true, diffs };
}
