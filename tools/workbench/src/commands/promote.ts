import type { GitHubClient } from '../adapters/github.js';
import type { Environment } from '../environments.js';
import { openPromotion } from '../promote/open-promotion.js';
import { planPromotion, PromotionRefused } from '../promote/plan-promotion.js';
import { readStackState } from '../promote/stack-state.js';
import { versionsThatRan } from '../promote/version-history.js';

export interface PromotionTarget {
  repoRoot: string;
  github: GitHubClient;
  owner: string;
  repo: string;
  baseBranch?: string;
  /** Print what would be pushed and opened; push nothing, call no GitHub API. */
  dryRun?: boolean;
  now?: Date;
  out?: (line: string) => void;
}

/** Where the pull request goes and where progress is printed, from the command's options. */
function pullRequestTarget(options: PromotionTarget) {
  return {
    github: options.github,
    owner: options.owner,
    repo: options.repo,
    baseBranch: options.baseBranch ?? 'main',
    ...(options.dryRun ? { dryRun: true } : {}),
    out: options.out ?? ((line: string) => process.stdout.write(line + '\n')),
  };
}

/** `workbench promote <from> <to>`: a pull request that moves verified versions between environments. */
export async function promoteCommand(
  options: PromotionTarget & { from: Environment; to: Environment; apps?: string[]; version?: { tag: string; commit: string }; hotfix?: { reason: string } },
) {
  const { out } = pullRequestTarget(options);
  if (options.from === options.to) throw new PromotionRefused(`cannot promote ${options.from} to itself: name two different environments`);
  const [source, target] = await Promise.all([readStackState(options.repoRoot, options.from, 'HEAD'), readStackState(options.repoRoot, options.to, 'HEAD')]);
  const plan = planPromotion({
    source,
    target,
    ...(options.apps?.length ? { apps: options.apps } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.hotfix ? { hotfix: options.hotfix } : {}),
    now: options.now ?? new Date(),
  });
  for (const s of plan.skipped) out(`skip ${s.app}: ${s.why}`);
  if (plan.changes.length === 0) {
    out(`Nothing to promote from ${options.from} to ${options.to}.`);
    return undefined;
  }
  const title = `${options.hotfix ? 'Hotfix' : 'Promote'} ${plan.changes.map((c) => `${c.app} ${c.to.tag}`).join(', ')} to ${options.to}`;
  const result = await openPromotion({
    repoRoot: options.repoRoot,
    target,
    plan,
    title,
    branchPrefix: 'promote',
    ...(options.hotfix ? { reason: { kind: 'Hotfix' as const, text: options.hotfix.reason } } : {}),
    ...pullRequestTarget(options),
  });
  if (result.action !== 'dry-run') out(`Pull request ${result.action}: ${result.url}`);
  return result;
}

/**
 * `workbench rollback <env> --app <app> [--to <version>]`: a promotion to a version that once ran
 * in the environment (default: the one before the current), recorded as a hold so that the next
 * automatic promotion does not undo it.
 */
export async function rollbackCommand(options: PromotionTarget & { env: Environment; app: string; to?: string; reason: string }) {
  const { out } = pullRequestTarget(options);
  const target = await readStackState(options.repoRoot, options.env, 'HEAD');
  const current = target.releases[options.app];
  if (!current) throw new PromotionRefused(`${options.app} does not run in ${options.env}; nothing to roll back`);
  const history = await versionsThatRan(options.repoRoot, options.env, options.app);
  const earlier = history.filter((pin) => pin.tag !== current.tag);
  const pin = options.to ? earlier.find((p) => p.tag === options.to) : earlier[0];
  if (!pin) {
    throw new PromotionRefused(
      options.to
        ? `${options.app} ${options.to} never ran in ${options.env}; versions that did: ${history.map((p) => p.tag).join(', ')}`
        : `${options.app} has no earlier version in ${options.env}'s history to roll back to`,
    );
  }
  const now = (options.now ?? new Date()).toISOString();
  const reason = options.reason.trim();
  if (!reason) throw new PromotionRefused('--reason is empty: say why the rollback is needed; it is recorded with the hold and in the pull request');
  const plan = { changes: [{ app: options.app, from: current, to: pin, clearsHold: false }], skipped: [] };
  const result = await openPromotion({
    repoRoot: options.repoRoot,
    target,
    plan,
    title: `Roll back ${options.app} in ${options.env} to ${pin.tag}`,
    branchPrefix: 'rollback',
    reason: { kind: 'Rollback', text: reason },
    newHolds: { [options.app]: { version: pin.tag, reason, since: now } },
    ...pullRequestTarget(options),
  });
  if (result.action !== 'dry-run') out(`Pull request ${result.action}: ${result.url}`);
  return result;
}
