/** The folder of the environments program, whose stacks are the environments. */
export const WORKLOADS_PROGRAM_DIR = 'platform/workloads';

/** Pulumi's name for a stack's config file, in its program's folder. */
export const stackFileName = (stack: string) => `Pulumi.${stack}.yaml`;

/** The stack config file of environment `env`, relative to the repository root. */
export const stackFilePath = (env: string) => `${WORKLOADS_PROGRAM_DIR}/${stackFileName(env)}`;
