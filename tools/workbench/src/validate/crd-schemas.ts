import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { parseYamlDocument } from './read-manifests.js';

/** CRDs that no npm package ships, vendored unchanged (see schemas/crds/README.md). */
export const CRD_DIR = fileURLToPath(new URL('../../schemas/crds', import.meta.url));

/**
 * The vendored schemas as parsed, and each as ajv compiled it, kept by content beside the CLI:
 * reading the CRDs (1.8 MB of YAML) took ≈ 0.6 s of every validate, and compiling the
 * SparkApplication schema ≈ 0.45–0.8 s of every validate of an environment that runs Spark.
 * A compiled validator is ajv's own standalone code for the schema, so it reports exactly what
 * compiling it again would. Keyed by the CRD files' bytes (parsed) and by the schema, ajv's
 * version and its options (compiled).
 */
export const CRD_SCHEMAS_KEPT = fileURLToPath(new URL('../../node_modules/.cache/workbench-crd-schemas', import.meta.url));

const require = createRequire(import.meta.url);
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;
// The CRD schemas use Kubernetes extensions (x-kubernetes-*) and formats ajv does not know.
const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false } as const;

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [key: string]: unknown;
};

interface CrdSchema {
  schema: JsonSchema;
  /** Compiled on first use: an environment uses a few of the vendored kinds, and compiling is the costly part. */
  validate(): ValidateFunction;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Writes whole, then renames: a reader sees the old file, none, or the new one. */
function keep(file: string, content: string) {
  try {
    mkdirSync(CRD_SCHEMAS_KEPT, { recursive: true });
    const temporary = `${file}.${process.pid}-${randomUUID()}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch {
    // A read-only install: compiled again next time.
  }
}

let vendored: { files: [string, string][]; fingerprint: string } | undefined;

/** The vendored CRD files (name, text) and their fingerprint, read once per process. */
function vendoredFiles() {
  if (vendored) return vendored;
  const files = readdirSync(CRD_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f): [string, string] => [f, readFileSync(join(CRD_DIR, f), 'utf8')]);
  return (vendored = { files, fingerprint: sha256(JSON.stringify(files)) });
}

/** What every vendored CRD file holds, by content: part of what a validation depends on. */
export const vendoredCrdFingerprint = () => vendoredFiles().fingerprint;

/** The schemas by `group/version/Kind`, parsed from the CRD files or read back as kept. */
function parsedSchemas(): Record<string, JsonSchema> {
  const { files, fingerprint } = vendoredFiles();
  const file = join(CRD_SCHEMAS_KEPT, `schemas-${fingerprint}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, JsonSchema>;
  } catch {
    // Not kept yet for these files: parsed below.
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [, text] of files) {
    const crd = parseYamlDocument(text) as {
      spec: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema: JsonSchema } }[] };
    };
    for (const version of crd.spec.versions) {
      if (version.schema) schemas[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = version.schema.openAPIV3Schema;
    }
  }
  keep(file, JSON.stringify(schemas));
  return schemas;
}

/** ajv's validator for the schema: its standalone code as kept, or compiled now and kept. */
function compiledValidator(schema: JsonSchema): ValidateFunction {
  const file = join(CRD_SCHEMAS_KEPT, `validator-${sha256(JSON.stringify({ ajv: AJV_VERSION, options: AJV_OPTIONS, schema }))}.cjs`);
  let code: string | undefined;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
    const validate = ajv.compile(schema);
    keep(file, standaloneCode(ajv, validate));
    return validate;
  }
  // ajv's generated CommonJS module; its own `require`s (ajv's runtime helpers) resolve as this module's do.
  const module = { exports: {} as { default?: ValidateFunction } };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return (module.exports.default ?? module.exports) as ValidateFunction;
}

let cache: Map<string, CrdSchema> | undefined;

/** Schemas keyed by `group/version/Kind`, read once per process. */
function crdSchemas(): Map<string, CrdSchema> {
  if (cache) return cache;
  cache = new Map();
  for (const [id, schema] of Object.entries(parsedSchemas())) {
    let validate: ValidateFunction | undefined;
    cache.set(id, { schema, validate: () => (validate ??= compiledValidator(schema)) });
  }
  return cache;
}

export function hasCrdSchema(apiVersion: string, kind: string): boolean {
  return crdSchemas().has(`${apiVersion}/${kind}`);
}

/** Schema errors plus unknown fields (as `kubeconform -strict`) for a vendored CRD's object. */
export function validateWithCrd(apiVersion: string, kind: string, manifest: Record<string, unknown>): string[] {
  const crd = crdSchemas().get(`${apiVersion}/${kind}`)!;
  const errors: string[] = [];
  const validate = crd.validate();
  if (!validate(manifest)) {
    for (const e of validate.errors ?? []) {
      const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)';
      errors.push(`${path}: ${e.message ?? 'invalid'}`);
    }
  }
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = manifest;
  return [...errors, ...unknownFields(rest, crd.schema, '', ['apiVersion', 'kind', 'metadata'])];
}

/** Fields the schema does not declare, where it declares its properties and allows no others. */
export function unknownFields(value: unknown, schema: JsonSchema | undefined, path: string, ignore: string[] = []): string[] {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownFields(item, schema.items, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (ignore.includes(key)) continue;
    const childPath = path ? `${path}.${key}` : key;
    const declared = schema.properties?.[key];
    if (declared) found.push(...unknownFields(child, declared, childPath));
    else if (typeof schema.additionalProperties === 'object') found.push(...unknownFields(child, schema.additionalProperties, childPath));
    else if (schema.properties && schema.additionalProperties !== true) found.push(`${childPath}: unknown field (not in the CRD schema)`);
  }
  return found;
}
