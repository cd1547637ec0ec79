import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENVIRONMENTS, InputError, parseYamlWithSchema, readUtf8File, SpecFileError } from '@workbench/workload-spec';
import { parse } from 'yaml';
import { z } from 'zod';
import { CLOUD_CONFIG_NAMESPACE, type CloudEnvironmentConfig, cloudEnvironmentConfigSchema, type CloudSharedConfig, cloudSharedConfigSchema, SHARED_STACK } from './cloud-schema.ts';
import { CONFIG_NAMESPACE, type StackConfig, stackConfigSchema } from './schema.ts';
import { cloudStackFilePath, stackFileName, stackFilePath } from './stack-files.ts';

/** A stack config the program refuses; names the file and each key (the program sees no positions). */
export class StackConfigError extends InputError {
  constructor(file: string, problems: string[]) {
    super(`${file}: invalid stack config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

/** A stack file that cannot be read at all: missing, not YAML, or holding an encrypted secret. */
export class StackFileError extends InputError {}

const PREFIX = `${CONFIG_NAMESPACE}:`;
/** Where the keys of each namespace are listed, for messages. */
const SCHEMA_HINTS: Record<string, string> = {
  [CONFIG_NAMESPACE]: 'the keys are listed in libs/stack-config/src/schema.ts',
  [CLOUD_CONFIG_NAMESPACE]: 'the keys are listed in libs/stack-config/src/cloud-schema.ts',
};

/**
 * A stack's config as the Pulumi CLI hands it to a program: `project:key` → string, objects and
 * numbers JSON-encoded. Encrypted (`secure:`) values are refused: the render runs offline and
 * secret values never belong in rendered manifests.
 */
export function readPulumiConfig(programDir: string, project: string, stack: string, repoRoot: string): Record<string, string> {
  const file = join(programDir, stackFileName(stack));
  const shown = relative(repoRoot, file);
  if (!existsSync(file)) throw new StackFileError(`${shown}: not found; create the stack config for environment "${stack}"`);
  let document: unknown;
  const text = readUtf8File(file, shown);
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new StackFileError(`${shown}: not valid YAML: ${(error as Error).message}`);
  }
  const config = (document as { config?: Record<string, unknown> } | null)?.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config)) throw new StackFileError(`${shown}: "config" must be a mapping of keys to values`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(':') ? key : `${project}:${key}`;
    if (value && typeof value === 'object' && 'secure' in value) {
      throw new StackFileError(`${shown}: config ${fullKey} is an encrypted secret; the render cannot and must not read secrets. Reference the secret store instead.`);
    }
    out[fullKey] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** The whole stack file: `config` with one namespace's keys checked against its schema; other namespaces pass. */
function stackFileSchema(namespace: string, schema: z.ZodObject) {
  const prefix = `${namespace}:`;
  return z.looseObject({
    config: z
      .looseObject(Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [`${prefix}${key}`, field])))
      .superRefine((config, ctx) => {
        for (const key of Object.keys(config)) {
          if (key.startsWith(prefix) && !(key.slice(prefix.length) in schema.shape)) {
            ctx.addIssue({ code: 'custom', path: [key], message: `unknown key: remove it or fix the spelling (${SCHEMA_HINTS[namespace]})` });
          }
        }
        // Reported together with the other keys' problems, not only once they are fixed.
      }, { when: () => true }),
  });
}

/**
 * Reads and validates an environment's stack file; every problem is `file:line:col: key: message`
 * (SpecFileError), before any program runs.
 */
export function readStackConfig(repoRoot: string, env: string): StackConfig {
  const shown = stackFilePath(env);
  const file = parseStackFile(readUtf8File(join(repoRoot, shown), shown), shown, stackFileSchema(CONFIG_NAMESPACE, stackConfigSchema));
  return stackConfigSchema.parse(namespaceValues(file.config, CONFIG_NAMESPACE));
}

/** The schema of a cloud stack: the shared stack's, or an environment's. */
export function cloudSchemaOf(stack: string) {
  return stack === SHARED_STACK ? cloudSharedConfigSchema : cloudEnvironmentConfigSchema;
}

/** Reads and validates the shared cloud stack's file (`platform/cloud/Pulumi.shared.yaml`), with positions. */
export function readCloudSharedConfig(repoRoot: string): CloudSharedConfig {
  return readCloudStackFile(repoRoot, SHARED_STACK, cloudSharedConfigSchema);
}

/** Reads and validates an environment's cloud stack file, with positions. */
export function readCloudEnvironmentConfig(repoRoot: string, env: string): CloudEnvironmentConfig {
  return readCloudStackFile(repoRoot, env, cloudEnvironmentConfigSchema);
}

/** The shared cloud stack's config from its text (a generator reads it from its tree), with positions. */
export function parseCloudSharedConfig(text: string): CloudSharedConfig {
  const shown = cloudStackFilePath(SHARED_STACK);
  const file = parseStackFile(text, shown, stackFileSchema(CLOUD_CONFIG_NAMESPACE, cloudSharedConfigSchema), CLOUD_CONFIG_NAMESPACE);
  return cloudSharedConfigSchema.parse(namespaceValues(file.config, CLOUD_CONFIG_NAMESPACE));
}

function readCloudStackFile<Schema extends z.ZodObject>(repoRoot: string, stack: string, schema: Schema): z.output<Schema> {
  const shown = cloudStackFilePath(stack);
  if (!existsSync(join(repoRoot, shown))) throw new StackFileError(`${shown}: not found; create the cloud stack config for "${stack}"`);
  const file = parseStackFile(readUtf8File(join(repoRoot, shown), shown), shown, stackFileSchema(CLOUD_CONFIG_NAMESPACE, schema), CLOUD_CONFIG_NAMESPACE);
  return schema.parse(namespaceValues(file.config, CLOUD_CONFIG_NAMESPACE));
}

function parseStackFile<Schema extends z.ZodType>(text: string, file: string, schema: Schema, namespace = CONFIG_NAMESPACE): z.output<Schema> {
  try {
    return parseYamlWithSchema(text, file, schema, SCHEMA_HINTS[namespace]!);
  } catch (error) {
    if (!(error instanceof SpecFileError)) throw error;
    // `config.workloads:releases.x` reads as the key people write: `workloads:releases.x`.
    throw new SpecFileError(error.problems.map((problem) => ({ ...problem, field: problem.field.replace(/^config\./, '') })));
  }
}

const { releases, holds, freezes, reruns, models } = stackConfigSchema.shape;
const pinsAndPolicySchema = z.looseObject({
  config: z.looseObject({ [`${PREFIX}releases`]: releases, [`${PREFIX}holds`]: holds, [`${PREFIX}freezes`]: freezes, [`${PREFIX}reruns`]: reruns, [`${PREFIX}models`]: models }).optional(),
});

/**
 * The release pins, model pins, holds, freezes and re-runs of a stack file's text, each validated with its position
 * (SpecFileError). Only these keys: promotion and history read stack files of any age, whose
 * other keys may predate today's schema.
 */
export function parsePinsAndPolicy(text: string, file: string): Pick<StackConfig, 'releases' | 'holds' | 'freezes' | 'reruns' | 'models'> {
  const config: Record<string, unknown> = parseStackFile(text, file, pinsAndPolicySchema).config ?? {};
  return stackConfigSchema.pick({ releases: true, holds: true, freezes: true, reruns: true, models: true }).parse({
    models: config[`${PREFIX}models`],
    releases: config[`${PREFIX}releases`],
    holds: config[`${PREFIX}holds`],
    freezes: config[`${PREFIX}freezes`],
    reruns: config[`${PREFIX}reruns`],
  });
}

/** The keys of one namespace, without it: `{ "workloads:domain": x }` → `{ domain: x }`. */
function namespaceValues(config: Record<string, unknown>, namespace: string): Record<string, unknown> {
  const prefix = `${namespace}:`;
  return Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value]));
}

/**
 * The stack config from Pulumi's config values (what a program sees: `workloads:key` → string),
 * validated with the same schema; problems name the file and key.
 */
export function parseStackConfig(values: Record<string, string>, env: string): StackConfig {
  if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
    throw new StackConfigError(stackFilePath(env), [`the stack "${env}" is no environment: stacks are named after one of ${ENVIRONMENTS.join(', ')}`]);
  }
  return parseConfigValues(values, CONFIG_NAMESPACE, stackConfigSchema, stackFilePath(env));
}

/** A cloud stack's config from Pulumi's config values: the shared stack's or an environment's. */
export function parseCloudStackConfig(values: Record<string, string>, stack: typeof SHARED_STACK): CloudSharedConfig;
export function parseCloudStackConfig(values: Record<string, string>, stack: string): CloudEnvironmentConfig;
export function parseCloudStackConfig(values: Record<string, string>, stack: string): CloudSharedConfig | CloudEnvironmentConfig {
  if (stack !== SHARED_STACK && !(ENVIRONMENTS as readonly string[]).includes(stack)) {
    throw new StackConfigError(cloudStackFilePath(stack), [`the stack "${stack}" is neither "${SHARED_STACK}" nor an environment (${ENVIRONMENTS.join(', ')})`]);
  }
  return parseConfigValues(values, CLOUD_CONFIG_NAMESPACE, cloudSchemaOf(stack), cloudStackFilePath(stack));
}

function parseConfigValues<Schema extends z.ZodObject>(values: Record<string, string>, namespace: string, schema: Schema, file: string): z.output<Schema> {
  const prefix = `${namespace}:`;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    // Pulumi passes strings as they are and everything else JSON-encoded: "123456789012" is a
    // string wherever the schema takes one, though it would parse as a number.
    const field = (schema.shape as Record<string, z.ZodType>)[name];
    if (field?.safeParse(value).success) {
      raw[name] = value;
      continue;
    }
    try {
      raw[name] = JSON.parse(value);
    } catch {
      raw[name] = value;
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const where = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k].join('.')).join(', ') : path.join('.');
    const message =
      issue.code === 'unrecognized_keys'
        ? 'unknown key: remove it or fix the spelling'
        : issue.code === 'invalid_key'
          ? `the key ${JSON.stringify(path.at(-1))} is refused: ${issue.issues.map((i) => i.message).join('; ')}`
          : issue.message;
    return `config ${prefix}${where || '(root)'}: ${message}`;
  });
  throw new StackConfigError(file, problems);
}
