// Which version of each model serves in an environment (`workloads:models` in Pulumi.<env>.yaml):
// the model's pin, as `workloads:releases` pins an app's image. The serving app loads exactly the
// pinned artifact and refuses one whose content hash differs.
import { dnsLabel } from '@workbench/workload-spec';
import { z } from 'zod';
import { setConfigEntry } from './stack-file-edit.ts';

/**
 * Models are retrained, registered and released in staging, and travel from there like images
 * from the registry: every environment loads a pinned artifact from staging's lake, so promoting
 * a model moves a pin, never a file.
 */
export const MODEL_RELEASE_ENVIRONMENT = 'staging';

export const modelPinSchema = z.strictObject({
  version: z.string().regex(/^[1-9][0-9]*$/, 'expected the MLflow model version, e.g. "7"').describe('The registered model version in MLflow'),
  artifact: z
    .string()
    .regex(/^lake:\/\/models\/[a-z0-9-]+\/[a-z0-9-]+\/[A-Za-z0-9._/-]+\.json$/, 'expected the artifact in the lake, e.g. lake://models/acme/churn/7/model.json')
    // A folder check by prefix must mean what it says: no `..` or empty segment after it.
    .refine((uri) => !uri.split('/').slice(2).some((segment) => segment === '..' || segment === '.' || segment === ''), 'expected a plain path: no "..", "." or empty segments')
    .describe(`The artifact file, under lake://models/<customer>/<model>/ in ${MODEL_RELEASE_ENVIRONMENT}'s lake`),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the artifact content hash: 64 lowercase hex digits').describe('The artifact content hash loading checks'),
  registeredAt: z.iso.datetime({ offset: true, message: 'expected when the version was registered, e.g. 2026-11-24T02:40:00Z' }).describe('When the version was registered (ISO 8601)'),
  trigger: z.string().min(1).optional().describe('What started the retraining run that made it: schedule, drift or newData'),
  metrics: z.record(z.string(), z.number()).optional().describe('Its evaluation metrics, as registered (the promotion pull request compares them)'),
});
export type ModelPin = z.infer<typeof modelPinSchema>;
/** Keyed by the registered model's name, `<customer>-<model>` (see `registeredModelName`). */
export const modelPinsSchema = z.record(dnsLabel, modelPinSchema).default({});

const MODELS_KEY = 'workloads:models';

/** The stack file's text with one model's pin set, comments and order kept. */
export function setModelPin(stackFileText: string, registeredModel: string, pin: ModelPin): string {
  return setConfigEntry(stackFileText, MODELS_KEY, registeredModel, pin);
}

/** The stack file's text with several models' pins set. */
export function setModelPins(stackFileText: string, pins: Record<string, ModelPin>): string {
  return Object.entries(pins).reduce((text, [name, pin]) => setModelPin(text, name, pin), stackFileText);
}

/**
 * A model's key in `workloads:holds` (after a rollback), beside the apps' own: `model/<name>`,
 * which no app name can be.
 */
export const modelHoldKey = (registeredModel: string) => `model/${registeredModel}`;

export const sameModelPin = (a: ModelPin | undefined, b: ModelPin | undefined) => !!a && !!b && a.version === b.version && a.sha256 === b.sha256 && a.artifact === b.artifact;
