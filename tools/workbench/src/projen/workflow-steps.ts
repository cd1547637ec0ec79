import type { github } from 'projen';
import { ACTIONS, type ActionName } from './pinned-actions.js';

type JobStep = github.workflows.JobStep;

/** A step using a pinned action; `# <version>` is added beside the SHA when the file is written. */
export function uses(action: ActionName, name: string, withArgs?: Record<string, unknown>, extra: Partial<JobStep> = {}): JobStep {
  const hasArgs = withArgs && Object.keys(withArgs).length > 0;
  return { name, uses: ACTIONS[action].uses, ...(hasArgs ? { with: withArgs } : {}), ...extra };
}

export interface SetupOptions {
  fetchDepth: number;
  ref?: string;
  /**
   * Keep the job's token in .git/config for a later `git push`. Only for jobs that run nothing
   * but the reviewed code of main; default false, so code from a pull request or a lab branch
   * never finds a token on disk.
   */
  persistCredentials?: boolean;
}

/** A checkout that leaves no token behind unless asked (see SetupOptions.persistCredentials). */
export function checkoutStep(name: string, options: SetupOptions & { path?: string }): JobStep {
  return uses('checkout', name, {
    'fetch-depth': options.fetchDepth,
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.path ? { path: options.path } : {}),
    'persist-credentials': options.persistCredentials ?? false,
  });
}

/** Checkout, the Node of `.nvmrc` with the npm cache, and `npm install` (not `npm ci`: see DESIGN.md). */
export function setupSteps(options: SetupOptions): JobStep[] {
  return [
    checkoutStep('Check out', options),
    uses('setupNode', 'Set up Node', { 'node-version-file': '.nvmrc', cache: 'npm' }),
    { name: 'Install', run: 'npm install --no-audit --no-fund' },
  ];
}

/**
 * What `render` and `validate` keep between runs: program results (reused when every input a
 * program read is unchanged), program bundles, and the manifest files kustomize already built.
 * Each entry is keyed by content, so restoring an older cache can only save work, never change a
 * result. A run saves under its commit and restores the newest cache of its branch, else of main
 * (GitHub scopes caches so a pull request reads main's and never writes them).
 */
export function renderCacheStep(): JobStep {
  return uses('cache', 'Reuse render and validate results', {
    path: ['node_modules/.cache/workbench-render', 'node_modules/.cache/workbench-program', 'node_modules/.cache/workbench-validate'].join('\n'),
    key: 'workbench-results-${{ runner.os }}-${{ github.sha }}',
    'restore-keys': 'workbench-results-${{ runner.os }}-',
  });
}

/** main's results restored, then every environment current and valid: what pr.yml and main.yml check. */
export function environmentChecks(): JobStep[] {
  return [
    renderCacheStep(),
    { name: 'Rendered environments are current', run: 'npx workbench render --check' },
    { name: 'Rendered environments are valid', run: 'npx workbench validate' },
  ];
}

/** Writes `# vX.Y.Z` after every pinned `uses:` line of a generated workflow. */
export function annotateVersions(yaml: string): string {
  let out = yaml;
  for (const { uses: ref, version } of Object.values(ACTIONS)) {
    out = out.replaceAll(`uses: ${ref}\n`, `uses: ${ref} # ${version}\n`);
  }
  return out;
}
