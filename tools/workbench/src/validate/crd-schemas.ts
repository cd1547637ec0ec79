import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseYamlDocument } from './read-manifests.js';

/** CRDs that no npm package ships, vendored unchanged (see schemas/crds/README.md). */
export const CRD_DIR = fileURLToPath(new URL('../../schemas/crds', import.meta.url));

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

let cache: Map<string, CrdSchema> | undefined;

/** Schemas keyed by `group/version/Kind`, read once from the vendored CRD files. */
function crdSchemas(): Map<string, CrdSchema> {
  if (cache) return cache;
  cache = new Map();
  // The CRD schemas use Kubernetes extensions (x-kubernetes-*) and formats ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const compiled = (schema: JsonSchema) => {
    let validate: ValidateFunction | undefined;
    return () => (validate ??= ajv.compile(schema));
  };
  for (const file of readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    const crd = parseYamlDocument(readFileSync(join(CRD_DIR, file), 'utf8')) as {
      spec: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema: JsonSchema } }[] };
    };
    for (const version of crd.spec.versions) {
      if (!version.schema) continue;
      const schema = version.schema.openAPIV3Schema;
      cache.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { schema, validate: compiled(schema) });
    }
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
