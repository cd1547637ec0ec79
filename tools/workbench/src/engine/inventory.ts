import type { EngineProblem, RegisteredResource } from './types.js';

/** How a value only the cloud provider can compute (an ARN, an id) is shown in a plan. */
export const KNOWN_AFTER_APPLY = '(known after apply)';
/** How a secret input is shown: never its value. */
export const SECRET_VALUE = '(secret)';

/** One cloud resource as a reviewer reads it in the inventory. */
export interface CloudResource {
  type: string;
  name: string;
  /** The enclosing components, outermost first, e.g. `DataLake staging-lake`. */
  component: string;
  inputs: Record<string, unknown>;
  /** `file:line:column` in the program, for messages (not written to the inventory). */
  source?: string;
}

const isUnknown = (value: unknown) => !!value && typeof value === 'object' && (value as Record<string, unknown>).__pulumiUnknown === true;

/** Policy documents and other JSON held in strings are shown as data, so a diff points inside them. */
function parsedJson(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function present(value: unknown, path: string, unknownPaths: Set<string>, secretPaths: Set<string>): unknown {
  if (secretPaths.has(path || '(root)')) return SECRET_VALUE;
  if (unknownPaths.has(path || '(root)') || isUnknown(value)) return KNOWN_AFTER_APPLY;
  if (typeof value === 'string') return parsedJson(value);
  if (Array.isArray(value)) return value.map((item, i) => present(item, `${path}[${i}]`, unknownPaths, secretPaths));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, present(item, path ? `${path}.${key}` : key, unknownPaths, secretPaths)]),
    );
  }
  return value;
}

/** The inputs as a policy sees them during a preview: unknown values absent, secrets as their plain value. */
export function knownInputs(value: unknown): unknown {
  if (isUnknown(value)) return undefined;
  if (Array.isArray(value)) return value.map(knownInputs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, knownInputs(item)]).filter(([, item]) => item !== undefined));
  }
  return value;
}

const componentLabel = (ancestors: RegisteredResource['ancestors']) =>
  ancestors
    .filter((a) => a.type !== 'workbench:cloud:Stack')
    .map((a) => `${a.type.split(':').at(-1)} ${a.name}`)
    .join(' / ');

/**
 * The cloud resources a program declared, as a plan shows them: values only AWS computes are
 * `(known after apply)`, secrets are never shown, JSON documents are expanded. Refuses what
 * would be missing from the plan: unresolved inputs and remote components, whose children are
 * registered inside a provider plugin the engine does not run.
 */
export function toInventory(resources: RegisteredResource[]): { resources: CloudResource[]; problems: EngineProblem[] } {
  const out: CloudResource[] = [];
  const problems: EngineProblem[] = [];
  for (const r of resources) {
    const resource = `${r.type} "${r.name}"`;
    const fail = (message: string) => problems.push({ resource, ...(r.source ? { source: r.source } : {}), message });
    if (r.remote) {
      fail('is a multi-language component (such as @pulumi/eks or @pulumi/awsx) whose resources are created inside its provider plugin, so the offline plan would show none of them; declare the @pulumi/aws resources directly');
      continue;
    }
    if (!r.custom) continue;
    if (!r.inputs) {
      fail('was declared but its inputs never resolved (an error inside an apply, or a rejected promise)');
      continue;
    }
    const inputs = present(r.inputs, '', new Set(r.unknownPaths), new Set(r.secretPaths)) as Record<string, unknown>;
    out.push({ type: r.type, name: r.name, component: componentLabel(r.ancestors), inputs, ...(r.source ? { source: r.source } : {}) });
  }
  out.sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1));
  return { resources: out, problems };
}
