/**
 * What the Pulumi programs in platform/ and the workbench CLI's engine must agree on, named once:
 * a rename here changes both sides, and a typo on either side no longer compiles.
 */

/** The ComponentResource type of a layer; the engine lays each layer's objects out in its own folder. */
export const LAYER_TYPE = 'workbench:platform:Layer';

/** Stack outputs the CLI reads from the environments program. */
export const STACK_OUTPUTS = {
  /** The apps deployed in the environment (release pinned there), for the render summary. */
  deployedApps: 'deployedApps',
} as const;
