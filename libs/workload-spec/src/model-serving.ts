// `model:` on a service: the model it serves. Which version serves in an environment is the
// stack config's pin (`workloads:models.<customer>-<model>`); the artifact lives under the model's own lake
// folder, which the service must read (data.read), so its role can fetch it.
import { dnsLabel } from './names.ts';

/** The model's name in MLflow's registry and its key in `workloads:models`: one per customer and model. */
export const registeredModelName = (customer: string, model: string) => `${customer}-${model}`;

/** Where a model's artifacts live in the lake: one folder per customer and model. */
export const modelArtifactsPrefix = (customer: string, model: string) => `lake://models/${customer}/${model}/`;

export const servedModel = dnsLabel.describe('The model this service serves; the pin in workloads:models decides which version and artifact it loads');
