import { isAbsolute, join } from 'node:path';
import { currentTime } from '@workbench/lab-spec';
import { type Finding } from './finding.js';
import { hasCrdSchema, validateWithCrd } from './crd-schemas.js';
import { kustomizeBuilds } from './kustomize-build.js';
import { environmentMemo } from './environment-memo.js';
import { labNamespacesOf, labPolicies } from './lab-policies.js';
import { findModel, type ModelLocation, validateWithModel } from './model-schemas.js';
import { namespacePolicies, objectPolicies } from './policies.js';
import { describeObject, type ManifestFile, readEnvironmentManifests } from './read-manifests.js';
import { alertmanagerFindings } from './alertmanager-config.js';
import { prometheusRuleFindings } from './prometheus-rules.js';
import { reachabilityFindings } from './reachability.js';
import { referencedSecretFindings } from './referenced-secrets.js';
import { secretScopePolicies } from './secret-scope.js';
import { findUnknownFields } from './unknown-fields.js';

export interface EnvironmentValidation {
  env: string;
  files: number;
  objects: number;
  findings: Finding[];
  /** Answered from the memo: these exact files passed before (environment-memo.ts). */
  reused?: boolean;
}

/**
 * `off` (or `validate --no-cache`) builds every manifest file with kustomize and checks every rule
 * with promtool, even files whose bytes already passed; an absolute path keeps that record there
 * instead (benchmarks and tests).
 */
export const VALIDATE_CACHE_VARIABLE = 'WORKBENCH_VALIDATE_CACHE';

/** Where earlier validation results are reused from: by default beside the installed packages, shared by worktrees and copies. */
export function validateCacheOf(repoRoot: string): string | undefined {
  const setting = process.env[VALIDATE_CACHE_VARIABLE];
  if (setting === 'off') return undefined;
  return setting && isAbsolute(setting) ? setting : join(repoRoot, 'node_modules/.cache/workbench-validate');
}

/**
 * Schemas (strict), kustomize builds, policy, alert rules (promtool) and alert routing (amtool) for one rendered environment. `now` decides
 * whether a lab has expired (WORKBENCH_NOW, like the render, for rehearsals and tests).
 */
export async function validateEnvironment(repoRoot: string, env: string, now = currentTime()): Promise<EnvironmentValidation> {
  const cacheDir = validateCacheOf(repoRoot);
  const memo = await environmentMemo(repoRoot, env, cacheDir);
  if (memo?.kept) {
    const { files, objects, findings, labAt, labNamespaces } = memo.kept;
    return { env, files, objects, findings: [...findings.slice(0, labAt), ...labPolicies(repoRoot, labNamespaces, now), ...findings.slice(labAt)], reused: true };
  }
  const { objects, findings, kustomizations } = await readEnvironmentManifests(repoRoot, env, memo?.contents);
  // kustomize, promtool and amtool run as child processes: started first, they work while this
  // process checks schemas and policies. Their findings are reported in the same order as ever.
  const [builds, rules, routing] = [kustomizeBuilds(repoRoot, kustomizations, objects, cacheDir), prometheusRuleFindings(objects, cacheDir), alertmanagerFindings(objects)];
  // Awaited below; a failure before then must not count as an unhandled rejection meanwhile.
  for (const started of [builds, rules, routing]) started.catch(() => undefined);
  const typed: { object: ManifestFile; location: ModelLocation }[] = [];

  for (const object of objects) {
    const { manifest, file } = object;
    const report = (messages: string[]) =>
      messages.forEach((message) => findings.push({ severity: 'error', file, object: describeObject(manifest), rule: 'schema', message }));
    if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
      report(['apiVersion and kind are required']);
      continue;
    }
    const location = findModel(manifest.apiVersion, manifest.kind);
    if (location) {
      report(await validateWithModel(location, manifest));
      typed.push({ object, location });
    } else if (hasCrdSchema(manifest.apiVersion, manifest.kind)) {
      report(validateWithCrd(manifest.apiVersion, manifest.kind, manifest));
    } else {
      report([`no schema for ${manifest.apiVersion} ${manifest.kind}: add its CRD to tools/workbench/schemas/crds/ or use a @kubernetes-models package`]);
    }
    findings.push(...objectPolicies(object));
  }

  const unknown = await findUnknownFields(
    typed.map(({ object, location }) => ({ location, manifest: object.manifest })),
    join(repoRoot, 'node_modules/.cache/workbench-validate'),
  );
  unknown.forEach((messages, i) => {
    const { object } = typed[i]!;
    for (const message of messages) findings.push({ severity: 'error', file: object.file, object: describeObject(object.manifest), rule: 'schema', message });
  });

  findings.push(...namespacePolicies(objects));
  findings.push(...secretScopePolicies(objects));
  findings.push(...reachabilityFindings(objects));
  findings.push(...referencedSecretFindings(objects));
  const labAt = findings.length;
  const lab = labPolicies(repoRoot, objects, now);
  const kustomize = await builds;
  findings.push(...kustomize.findings);
  findings.push(...(await rules));
  findings.push(...(await routing));
  const files = new Set([...objects.map((o) => o.file), ...kustomizations]).size;
  memo?.keep({ files, objects: objects.length, findings, labAt, labNamespaces: labNamespacesOf(objects) }, kustomize.reads);
  return { env, files, objects: objects.length, findings: [...findings.slice(0, labAt), ...lab, ...findings.slice(labAt)] };
}
