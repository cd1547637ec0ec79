/** The folder of the environments program, whose stacks are the environments. */
export const WORKLOADS_PROGRAM_DIR = 'platform/workloads';

/** Pulumi's name for a stack's config file, in its program's folder. */
export const stackFileName = (stack: string) => `Pulumi.${stack}.yaml`;

/** The stack config file of environment `env`, relative to the repository root. */
export const stackFilePath = (env: string) => `${WORKLOADS_PROGRAM_DIR}/${stackFileName(env)}`;

/** The folder of the cloud program: a shared stack and one stack per environment. */
export const CLOUD_PROGRAM_DIR = 'platform/cloud';

/** The stack config file of cloud stack `stack` (`shared` or an environment), relative to the repository root. */
export const cloudStackFilePath = (stack: string) => `${CLOUD_PROGRAM_DIR}/${stackFileName(stack)}`;
