import type { github } from 'projen';
import { ACTIONS, type ActionName } from './pinned-actions.js';

type JobStep = github.workflows.JobStep;

/** A step using a pinned action; `# <version>` is added beside the SHA when the file is written. */
export function uses(action: ActionName, name: string, withArgs?: Record<string, unknown>, extra: Partial<JobStep> = {}): JobStep {
  const hasArgs = withArgs && Object.keys(withArgs).length > 0;
  return { name, uses: ACTIONS[action].uses, ...(hasArgs ? { with: withArgs } : {}), ...extra };
}

/** Checkout, Node 20 with the npm cache, and `npm install` (not `npm ci`: see DESIGN.md). */
export function setupSteps(options: { fetchDepth: number; ref?: string }): JobStep[] {
  return [
    uses('checkout', 'Check out', { 'fetch-depth': options.fetchDepth, ...(options.ref ? { ref: options.ref } : {}) }),
    uses('setupNode', 'Set up Node', { 'node-version': 20, cache: 'npm' }),
    { name: 'Install', run: 'npm install --no-audit --no-fund' },
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
