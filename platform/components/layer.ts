import * as pulumi from '@pulumi/pulumi';

/**
 * A folder of an environment, as Flux applies it: `cluster`, `infrastructure/controllers`,
 * `infrastructure/configs` or `apps`. Every object is created inside exactly one layer; the
 * renderer writes it under `environments/<env>/<layer name>/`.
 */
export class Layer extends pulumi.ComponentResource {
  static readonly TYPE = 'workbench:platform:Layer';

  constructor(
    readonly folder: string,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(Layer.TYPE, folder, {}, opts);
  }
}
