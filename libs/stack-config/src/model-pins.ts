// Which version of each model serves in an environment (`workloads:models` in Pulumi.<env>.yaml):
// the model's pin, as `workloads:releases` pins an app's image. The serving app loads exactly the
// pinned artifact and refuses one whose content hash differs.
import { dnsLabel } from '@workbench/workload-spec';
import { z } from 'zod';
import { setConfigEntry } from './stack-file-edit.ts';

export const modelPinSchema = z.strictObject({
  version: z.string().regex(/^[1-9][0-9]*$/, 'expected the MLflow model version, e.g. "7"').describe('The registered model version in MLflow'),
  artifact: z
    .string()
    .regex(/^lake:\/\/models\/[a-z0-9-]+\/[a-z0-9-]+\/[A-Za-z0-9._/-]+\.json$/, 'expected the artifact in the lake, e.g. lake://models/acme/churn/7/model.json')
    .describe('The artifact file, under lake://models/<customer>/<model>/'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the artifact content hash: 64 lowercase hex digits').describe('The artifact content hash loading checks'),
  registeredAt: z.string().min(1).describe('When the version was registered (ISO 8601)'),
});
export type ModelPin = z.infer<typeof modelPinSchema>;
export const modelPinsSchema = z.record(dnsLabel, modelPinSchema).default({});

const MODELS_KEY = 'workloads:models';

/** The stack file's text with one model's pin set, comments and order kept. */
export function setModelPin(stackFileText: string, model: string, pin: ModelPin): string {
  return setConfigEntry(stackFileText, MODELS_KEY, model, pin);
}
