import { activeFreeze, COMMIT_SHA, describeFreeze, type ModelPin, modelHoldKey, PLACEHOLDER_TAG, type ReleasePin, sameModelPin } from '@workbench/stack-config';
import { samePin, type StackState } from './stack-state.js';

export interface PromotionChange {
  app: string;
  from?: ReleasePin;
  to: ReleasePin;
  /** A hold in the target that this deliberate promotion clears. */
  clearsHold: boolean;
}

/** A model pin that moves: the version the source serves, with its metrics for comparison. */
export interface ModelPromotionChange {
  model: string;
  from?: ModelPin;
  to: ModelPin;
  clearsHold: boolean;
}

export interface PromotionPlan {
  changes: PromotionChange[];
  modelChanges: ModelPromotionChange[];
  /** Apps and models (`<name> (model)`) left as they are, and why. */
  skipped: { app: string; why: string }[];
}

export class PromotionRefused extends Error {}

export interface PlanOptions {
  source: StackState;
  target: StackState;
  /** Apps named with --app: a deliberate promotion, which clears their holds. */
  apps?: string[];
  /** Models named with --model (registered names): the same for models. */
  models?: string[];
  /** --version and --commit: promote this build instead of the one running in the source (hotfix only). */
  version?: { tag: string; commit: string };
  hotfix?: { reason: string };
  now: Date;
}

/**
 * Which pins move from one environment to another. Only versions running in the source move,
 * unless it is a hotfix with a reason; a freeze of the target blocks all but hotfixes; an app
 * held in the target (after a rollback) is left alone unless named explicitly.
 */
export function planPromotion(options: PlanOptions): PromotionPlan {
  const { source, target } = options;
  if (source.env === target.env) throw new PromotionRefused(`cannot promote ${source.env} to itself: name two different environments`);
  if (options.hotfix && !options.hotfix.reason.trim()) throw new PromotionRefused('--hotfix needs --reason "<why>": the reason goes into the pull request and history');
  const freeze = activeFreeze(target.freezes, options.now);
  if (freeze && !options.hotfix) {
    throw new PromotionRefused(`${target.env} is ${describeFreeze(freeze)}. Promote after the window, or use --hotfix --reason "<why>"`);
  }
  const deliberate = new Set(options.apps ?? []);
  const deliberateModels = new Set(options.models ?? []);
  for (const model of deliberateModels) {
    if (!source.models[model]) throw new PromotionRefused(`--model ${model}: ${source.env} serves no pinned version of ${model} (pinned there: ${Object.keys(source.models).sort().join(', ') || 'none'})`);
  }
  for (const app of deliberate) {
    if (!source.releases[app]) throw new PromotionRefused(`--app ${app}: no release of ${app} runs in ${source.env} (known there: ${Object.keys(source.releases).sort().join(', ') || 'none'})`);
  }
  if (options.version && deliberate.size !== 1) throw new PromotionRefused('--version needs exactly one --app');
  if (options.version && !COMMIT_SHA.test(options.version.commit)) throw new PromotionRefused('--version needs --commit <full 40-character SHA> of the build');

  const plan: PromotionPlan = { changes: [], modelChanges: [], skipped: [] };
  // Naming apps or models narrows the promotion to them; naming neither moves everything.
  const apps = deliberate.size ? [...deliberate] : deliberateModels.size ? [] : Object.keys(source.releases);
  for (const app of apps.sort()) {
    const running = source.releases[app]!;
    let pin = running;
    if (options.version && options.version.tag !== running.tag) {
      if (!options.hotfix) {
        throw new PromotionRefused(
          `${app} ${options.version.tag} is not the version running in ${source.env} (${running.tag}); only verified versions are promoted. For an emergency use --hotfix --reason "<why>"`,
        );
      }
      pin = { image: running.image, tag: options.version.tag, commit: options.version.commit };
    }
    if (pin.tag === PLACEHOLDER_TAG) {
      plan.skipped.push({ app, why: `${source.env} runs the placeholder version; it has never been released` });
      continue;
    }
    const hold = target.holds[app];
    if (hold && !deliberate.has(app)) {
      plan.skipped.push({ app, why: `held in ${target.env} at ${hold.version} since ${hold.since} (${hold.reason}); promote it with --app ${app} to release the hold` });
      continue;
    }
    if (samePin(target.releases[app], pin)) {
      if (hold) plan.changes.push({ app, ...(target.releases[app] ? { from: target.releases[app] } : {}), to: pin, clearsHold: true });
      else plan.skipped.push({ app, why: `${target.env} already runs ${pin.tag}` });
      continue;
    }
    plan.changes.push({ app, ...(target.releases[app] ? { from: target.releases[app] } : {}), to: pin, clearsHold: !!hold });
  }
  const models = deliberateModels.size ? [...deliberateModels] : deliberate.size ? [] : Object.keys(source.models);
  for (const model of models.sort()) {
    const pin = source.models[model]!;
    const current = target.models[model];
    const hold = target.holds[modelHoldKey(model)];
    if (hold && !deliberateModels.has(model)) {
      plan.skipped.push({ app: `${model} (model)`, why: `held in ${target.env} at version ${hold.version} since ${hold.since} (${hold.reason}); promote it with --model ${model} to release the hold` });
      continue;
    }
    if (sameModelPin(current, pin) && !hold) {
      plan.skipped.push({ app: `${model} (model)`, why: `${target.env} already serves version ${pin.version}` });
      continue;
    }
    plan.modelChanges.push({ model, ...(current ? { from: current } : {}), to: pin, clearsHold: !!hold });
  }
  return plan;
}
