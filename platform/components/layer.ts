import * as pulumi from '@pulumi/pulumi';
import { LAYER_TYPE } from '@workbench/platform-contract';

/**
 * A folder of an environment, as Flux applies it: `cluster`, `infrastructure/controllers`,
 * `infrastructure/configs` or `apps`. Every object is created inside exactly one layer; the
 * renderer writes it under `environments/<env>/<layer name>/`.
 */
export class Layer extends pulumi.ComponentResource {
  static readonly TYPE = LAYER_TYPE;

  constructor(
    readonly folder: string,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(Layer.TYPE, folder, {}, opts);
  }
}
