import { affectedProjects, listProjects } from '../ci/affected.js';
import { git } from '../adapters/git.js';
import { mergeEffects } from '../ci/merge-effects.js';
import { pullRequestReport } from '../ci/pr-report.js';
import { ALL_ENVIRONMENTS } from '../environments.js';
import { diffEnvironments } from '../diff/diff-environments.js';
import { formatMarkdown } from '../diff/format-diff.js';

/** Where GitHub looks for CODEOWNERS, in its order. */
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

async function codeownersAt(repoRoot: string, revision: string): Promise<string> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await git(repoRoot, ['show', `${revision}:${path}`]).catch(() => undefined);
    if (text !== undefined) return text;
  }
  return '';
}

/**
 * The pull-request report for base..head: affected projects with reasons, what merging does, and
 * each environment's manifest diff — all computed from the two commits, never the working tree.
 */
export async function ciReportCommand(repoRoot: string, range: { base: string; head: string }): Promise<{ body: string; affected: number; total: number }> {
  const [affected, projects, changed, codeowners] = await Promise.all([
    affectedProjects(repoRoot, range.base, range.head),
    listProjects(repoRoot),
    git(repoRoot, ['diff', '--name-only', range.base, range.head]),
    codeownersAt(repoRoot, range.base),
  ]);
  const diff = await diffEnvironments({ repoRoot, environments: [...ALL_ENVIRONMENTS], base: range.base, head: range.head });
  const diffs = diff.ok ? diff.diffs : [];
  const manifestDiff = diff.ok ? formatMarkdown(diffs, range.base) : '**The environments do not render on this commit**: see the checks job for the errors.\n';
  const effects = mergeEffects({ affected, diffs, changedFiles: changed.split('\n').filter(Boolean), codeowners });
  const body = pullRequestReport({ affected, total: projects.length, base: range.base, head: range.head, effects, manifestDiff });
  return { body, affected: affected.length, total: projects.length };
}
