import { diffEnvironments } from '../diff/diff-environments.js';
import { type EnvironmentDiff, formatMarkdown, formatTerminal } from '../diff/format-diff.js';
import type { Environment } from '../environments.js';

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

/** `workbench diff`: prints what rendering changes in each environment compared with `base`. */
export async function diffCommand(options: DiffOptions): Promise<{ ok: boolean; diffs: EnvironmentDiff[] }> {
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const err = options.err ?? ((line: string) => process.stderr.write(line + '\n'));
  const result = await diffEnvironments(options);
  if (!result.ok) {
    err('Render failed, so there is nothing to compare:');
    for (const line of result.problems) err(`  ${line}`);
    return { ok: false, diffs: [] };
  }
  out(options.format === 'markdown' ? formatMarkdown(result.diffs, options.base) : formatTerminal(result.diffs, options.base, options.color ?? false));
  return result;
}
