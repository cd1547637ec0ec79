import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN } from '@workbench/workload-spec';
import type { RenderedObject } from '../engine/manifests.js';
import type { EngineProblem } from '../engine/types.js';
import { secretPolicies } from '../validate/secret-policies.js';

// Names become folders and file names (<layer>/<namespace>/<kind>-<name>.yaml): only what
// Kubernetes itself accepts, which can never climb out of the environment's folder.
const NAMESPACE = DNS_1123_LABEL;
const NAME = DNS_1123_SUBDOMAIN;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const LAYER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function nameProblem({ manifest, layer }: RenderedObject): string | undefined {
  const { kind, metadata } = manifest;
  if (!KIND.test(kind)) return `kind "${kind}" is not a Kubernetes kind`;
  if (!NAME.test(metadata.name) || metadata.name.length > 253 || metadata.name.includes('..')) {
    return `metadata.name "${metadata.name}" is not a DNS-1123 name (lowercase letters, digits, "-" and "."): it would be refused by Kubernetes and becomes a file name`;
  }
  if (metadata.namespace !== undefined && (!NAMESPACE.test(metadata.namespace) || metadata.namespace.length > 63)) {
    return `metadata.namespace "${metadata.namespace}" is not a DNS-1123 label: it would be refused by Kubernetes and becomes a folder`;
  }
  if (!LAYER.test(layer)) return `layer "${layer}" is not a folder name`;
  return undefined;
}

/**
 * What must hold before a single file is written, whatever validate says later: every name is
 * one Kubernetes accepts (and so a safe file name), and no secret reaches git.
 */
export function renderGuardProblems(objects: RenderedObject[]): EngineProblem[] {
  const problems: EngineProblem[] = [];
  for (const object of objects) {
    const where = { resource: object.resource, ...(object.source ? { source: object.source } : {}) };
    const name = nameProblem(object);
    if (name) problems.push({ ...where, message: name });
    for (const violation of secretPolicies(object.manifest)) problems.push({ ...where, message: `[${violation.rule}] ${violation.message}` });
  }
  return problems;
}
