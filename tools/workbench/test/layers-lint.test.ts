import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/render-workspace.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** The messages of the layering rule for `code` as if it were the file at `path`. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${path}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the CLI\'s layers (eslint.config.mjs, ARCHITECTURE.md)', () => {
  it('refuses a command importing another command', async () => {
    expect(await layerErrors('tools/workbench/src/commands/status.ts', "import { diffCommand } from './diff.js';\nexport const x = diffCommand;\n")).toEqual([
      expect.stringContaining('A command does not import another command'),
    ]);
  });

  it('refuses a lower layer importing a higher one, and adapters importing the CLI', async () => {
    expect(await layerErrors('tools/workbench/src/render/render-to-disk.ts', "import { ciReportCommand } from '../commands/ci-report.js';\nexport const x = ciReportCommand;\n")).toEqual([
      expect.stringContaining('render/ is below'),
    ]);
    expect(await layerErrors('tools/workbench/src/promote/app-commits.ts', "import { labList } from '../commands/lab.js';\nexport const x = labList;\n")).toEqual([expect.stringContaining('promote/ is below')]);
    expect(await layerErrors('tools/workbench/src/adapters/git.ts', "import { renderToDisk } from '../render/render-to-disk.js';\nexport const x = renderToDisk;\n")).toHaveLength(1);
  });

  it('allows imports downwards and within a layer', async () => {
    expect(await layerErrors('tools/workbench/src/commands/status.ts', "import { appCommitsBetween } from '../promote/app-commits.js';\nimport { git } from '../adapters/git.js';\nexport const x = [appCommitsBetween, git];\n")).toEqual([]);
    expect(await layerErrors('tools/workbench/src/diff/diff-environments.ts', "import { inTemporaryWorktree } from '../workspace/temporary-worktree.js';\nexport const x = inTemporaryWorktree;\n")).toEqual([]);
  });
});
