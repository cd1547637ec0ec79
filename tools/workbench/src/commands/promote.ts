import type { GitHubClient } from '../adapters/github.js';
import type { Environment } from '../environments.js';
import { openPromotion } from '../promote/open-promotion.js';
import { planPromotion, type PromotionPlan, PromotionRefused } from '../promote/plan-promotion.js';
import { readStackState, type StackState } from '../promote/stack-state.js';
import { modelVersionsThatRan, versionsThatRan } from '../promote/version-history.js';
import { modelHoldKey } from '@workbench/stack-config';

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
  options: PromotionTarget & { from: Environment; to: Environment; apps?: string[]; models?: string[]; version?: { tag: string; commit: string }; hotfix?: { reason: string } },
) {
  const { out } = pullRequestTarget(options);
  if (options.from === options.to) throw new PromotionRefused(`cannot promote ${options.from} to itself: name two different environments`);
  const [source, target] = await Promise.all([readStackState(options.repoRoot, options.from, 'HEAD'), readStackState(options.repoRoot, options.to, 'HEAD')]);
  const plan = planPromotion({
    source,
    target,
    ...(options.apps?.length ? { apps: options.apps } : {}),
    ...(options.models?.length ? { models: options.models } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.hotfix ? { hotfix: options.hotfix } : {}),
    now: options.now ?? new Date(),
  });
  for (const s of plan.skipped) out(`skip ${s.app}: ${s.why}`);
  if (plan.changes.length === 0 && plan.modelChanges.length === 0) {
    out(`Nothing to promote from ${options.from} to ${options.to}.`);
    return undefined;
  }
  const title = `${options.hotfix ? 'Hotfix' : 'Promote'} ${whatMoves(plan)} to ${options.to}`;
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

/** `acme-churn-api sha-1a2b3c4d5e6f, acme-churn model 8`: the title's list of what moves. */
const whatMoves = (plan: Pick<PromotionPlan, 'changes' | 'modelChanges'>) =>
  [...plan.changes.map((c) => `${c.app} ${c.to.tag}`), ...plan.modelChanges.map((c) => `${c.model} model ${c.to.version}`)].join(', ');

/**
 * `workbench rollback <env> --app <app> [--to <version>]`: a promotion to a version that once ran
 * in the environment (default: the one before the current), recorded as a hold so that the next
 * automatic promotion does not undo it.
 */
export async function rollbackCommand(options: PromotionTarget & { env: Environment; app?: string; model?: string; to?: string; reason: string }) {
  const { out } = pullRequestTarget(options);
  if (!options.app === !options.model) throw new PromotionRefused('name what to roll back: --app <app> or --model <customer>-<model>, one of them');
  const reason = options.reason.trim();
  if (!reason) throw new PromotionRefused('--reason is empty: say why the rollback is needed; it is recorded with the hold and in the pull request');
  const target = await readStackState(options.repoRoot, options.env, 'HEAD');
  const since = (options.now ?? new Date()).toISOString();
  const rollback = options.app ? await appRollback(options, target, options.app) : await modelRollback(options, target, options.model!);
  const result = await openPromotion({
    repoRoot: options.repoRoot,
    target,
    plan: { changes: [], modelChanges: [], skipped: [], ...rollback.plan },
    title: `Roll back ${rollback.name} in ${options.env} to ${rollback.label}`,
    branchPrefix: 'rollback',
    reason: { kind: 'Rollback', text: reason },
    newHolds: { [rollback.holdKey]: { version: rollback.version, reason, since } },
    ...pullRequestTarget(options),
  });
  if (result.action !== 'dry-run') out(`Pull request ${result.action}: ${result.url}`);
  return result;
}

type RollbackOptions = { repoRoot: string; env: Environment; to?: string };
const earlierOrNamed = <T>(history: T[], label: (pin: T) => string, current: string, to: string | undefined) => {
  const earlier = history.filter((pin) => label(pin) !== current);
  return to ? earlier.find((pin) => label(pin) === to) : earlier[0];
};

async function appRollback(options: RollbackOptions, target: StackState, app: string) {
  const current = target.releases[app];
  if (!current) throw new PromotionRefused(`${app} does not run in ${options.env}; nothing to roll back`);
  const history = await versionsThatRan(options.repoRoot, options.env, app);
  const pin = earlierOrNamed(history, (p) => p.tag, current.tag, options.to);
  if (!pin) {
    throw new PromotionRefused(
      options.to
        ? `${app} ${options.to} never ran in ${options.env}; versions that did: ${history.map((p) => p.tag).join(', ')}`
        : `${app} has no earlier version in ${options.env}'s history to roll back to`,
    );
  }
  return { name: app, version: pin.tag, label: pin.tag, holdKey: app, plan: { changes: [{ app, from: current, to: pin, clearsHold: false }] } };
}

async function modelRollback(options: RollbackOptions, target: StackState, model: string) {
  const current = target.models[model];
  if (!current) throw new PromotionRefused(`${options.env} pins no version of the model ${model} (pinned there: ${Object.keys(target.models).sort().join(', ') || 'none'}); nothing to roll back`);
  const history = await modelVersionsThatRan(options.repoRoot, options.env, model);
  const pin = earlierOrNamed(history, (p) => p.version, current.version, options.to);
  if (!pin) {
    throw new PromotionRefused(
      options.to
        ? `version ${options.to} of ${model} never served in ${options.env}; versions that did: ${history.map((p) => p.version).join(', ')}`
        : `${model} has no earlier version in ${options.env}'s history to roll back to`,
    );
  }
  return { name: `the model ${model}`, version: pin.version, label: `version ${pin.version}`, holdKey: modelHoldKey(model), plan: { modelChanges: [{ model, from: current, to: pin, clearsHold: false }] } };
}
