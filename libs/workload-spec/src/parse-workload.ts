import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DNS_LABEL } from './names.ts';
import { reservedNameReason } from './reserved-names.ts';
import { KIND_FIELDS, WORKLOAD_KINDS, workloadSchema, type Workload, type WorkloadKind } from './schema.ts';
import { parseYamlWithSchema, SpecFileError, type SpecProblem } from './spec-yaml.ts';

export { formatProblem } from './spec-yaml.ts';
/** A workload.yaml problem: file, line, column, field and message. */
export type WorkloadProblem = SpecProblem;
export const WorkloadSpecError = SpecFileError;


/** What only the app's name can tell: the name itself, and that its secrets stay under its own prefix. */
function forApp(app: string) {
  return workloadSchema.superRefine((spec, ctx) => {
    const nameProblem = !DNS_LABEL.test(app) || app.length > 63 ? 'is not a DNS-1123 label (lowercase letters, digits and "-", at most 63)' : reservedNameReason(app);
    if (nameProblem) ctx.addIssue({ code: 'custom', path: [], message: `app folder apps/${app}: ${nameProblem}; rename the folder` });
    const prefix = `${spec.customer}/${app}/`;
    spec.secrets.forEach((secret, i) => {
      if (!secret.remoteKey.startsWith(prefix)) {
        ctx.addIssue({
          code: 'custom',
          path: ['secrets', i, 'remoteKey'],
          message: `"${secret.remoteKey}" is outside this app's own secrets: an app reads only keys under "${prefix}"; store the value as ${prefix}${secret.remoteKey.split('/').pop()}`,
        });
      }
    });
  });
}

/**
 * A field that another kind has is no typo: say which kinds have it, at the top level and in an
 * environment override alike, and what to do.
 */
function explainKindField(data: unknown, path: (string | number)[], key: string): string | undefined {
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (!WORKLOAD_KINDS.includes(kind as WorkloadKind)) return undefined;
  const inOverride = path.length === 2 && path[0] === 'environments';
  if (path.length !== 0 && !inOverride) return undefined;
  const level = inOverride ? 'override' : 'top';
  const kinds = WORKLOAD_KINDS.filter((k) => KIND_FIELDS[k][level].includes(key));
  if (!kinds.length) return undefined;
  const where = inOverride ? `in environments.${path[1]}` : 'here';
  const allowed = KIND_FIELDS[kind as WorkloadKind][level].filter((f) => !['$schema', 'apiVersion', 'kind'].includes(f)).join(', ');
  return `a ${kind} has no ${key} (only ${kinds.join(', ')} ${kinds.length === 1 ? 'has' : 'have'} it), so it would be ignored: remove it, or change kind. A ${kind} may set ${where}: ${allowed}`;
}

/**
 * Parses and validates workload.yaml text; `file` is only used in messages. With `app` (the
 * folder's name), also checks what depends on it.
 */
export function parseWorkload(text: string, file: string, app?: string): Workload {
  const schema: z.ZodType<Workload, unknown> = app ? forApp(app) : workloadSchema;
  return parseYamlWithSchema(text, file, schema, 'workload.schema.json lists the fields', explainKindField);
}

export async function readWorkload(path: string, app?: string): Promise<Workload> {
  return parseWorkload(await readFile(path, 'utf8'), path, app);
}
