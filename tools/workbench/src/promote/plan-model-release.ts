import { type Hold, type ModelPin, modelHoldKey, modelPinSchema } from '@workbench/stack-config';
import { modelArtifactsPrefix, readAppWorkloads, registeredModelName } from '@workbench/workload-spec';
import type { RegistryReading } from '@workbench/ml-sdk/model-registry';

/** A model some service in apps/ serves, by its registered name. */
export interface ServedModel {
  registeredModel: string;
  customer: string;
  model: string;
  apps: string[];
}

/** Every model a service declares (`model:` in its workload.yaml), by registered name. */
export function servedModels(repoRoot: string): ServedModel[] {
  const byName = new Map<string, ServedModel>();
  for (const { app, workload } of readAppWorkloads(repoRoot)) {
    if (workload.kind !== 'service' || !workload.model) continue;
    const registeredModel = registeredModelName(workload.customer, workload.model);
    const served = byName.get(registeredModel) ?? { registeredModel, customer: workload.customer, model: workload.model, apps: [] };
    served.apps.push(app);
    byName.set(registeredModel, served);
  }
  return [...byName.values()].sort((a, b) => (a.registeredModel < b.registeredModel ? -1 : 1));
}

export interface ModelReleasePlan {
  /** The new pins, by registered model name. */
  pins: Record<string, ModelPin>;
  /** One line per served model: what happens to it and why. */
  report: { model: string; line: string }[];
}

/**
 * Which models get a new pin: the newest version registered past its bar, when it is newer than
 * the pinned one (never older: going back is a rollback, with a hold), its artifact in the
 * model's own lake folder, and the model not held.
 */
export function planModelRelease(input: { served: ServedModel[]; current: Record<string, ModelPin>; holds: Record<string, Hold>; readings: Record<string, RegistryReading> }): ModelReleasePlan {
  const plan: ModelReleasePlan = { pins: {}, report: [] };
  for (const served of input.served) {
    const name = served.registeredModel;
    const reading = input.readings[name]!;
    const current = input.current[name];
    const folder = modelArtifactsPrefix(served.customer, served.model);
    const say = (line: string) => plan.report.push({ model: name, line });
    for (const left of reading.leftOut) say(`version ${left.version} left out: ${left.why}`);
    const hold = input.holds[modelHoldKey(name)];
    const newest = reading.releasable[0];
    if (!newest) say(`no version past its bar is registered${current ? `; keeps version ${current.version}` : ''}`);
    else if (hold) say(`held at version ${hold.version} since ${hold.since} (${hold.reason}); promote it with --model ${name} to release the hold`);
    else if (current && Number(newest.version) <= Number(current.version)) say(`version ${current.version} is the newest past its bar: nothing to release`);
    else if (!newest.artifact.startsWith(folder)) say(`version ${newest.version} left out: its artifact ${newest.artifact} is outside ${folder}, the folder ${served.apps.join(', ')} load it from`);
    else {
      // What MLflow returned becomes the stack config: checked by the pin's own schema before it is written.
      const pin = modelPinSchema.safeParse({
        version: newest.version,
        artifact: newest.artifact,
        sha256: newest.sha256,
        registeredAt: newest.registeredAt,
        ...(newest.trigger ? { trigger: newest.trigger } : {}),
        ...(Object.keys(newest.metrics).length ? { metrics: newest.metrics } : {}),
      });
      if (!pin.success) {
        say(`version ${newest.version} left out: ${pin.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
        continue;
      }
      plan.pins[name] = pin.data;
      say(`${current ? `version ${current.version}` : '(none pinned)'} -> version ${newest.version}${newest.trigger ? ` (retrained on ${newest.trigger})` : ''}`);
    }
  }
  return plan;
}
