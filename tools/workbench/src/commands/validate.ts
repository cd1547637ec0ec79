import type { Environment } from '../environments.js';
import { CLOUD_FOLDER, cloudStacksOf, cloudUnit } from '../render/render-cloud.js';
import { cloudInventoryFindings } from '../validate/cloud-inventory.js';
import { formatFinding, type Finding } from '../validate/finding.js';
import { type EnvironmentValidation, validateCacheOf, validateEnvironment } from '../validate/validate-environment.js';

/** Said of an environment or plan whose exact files passed before (`validate --no-cache` checks them again). */
export const REUSED = '(files unchanged since they passed with this CLI build and these tools: reused)';

export interface ValidateOptions {
  repoRoot: string;
  environments: Environment[];
  out?: (line: string) => void;
}

/** Validates each environment in turn, prints every finding, and says whether any was an error. */
export async function validateCommand(options: ValidateOptions): Promise<{ ok: boolean; results: EnvironmentValidation[] }> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const started = performance.now();
  const results: EnvironmentValidation[] = [];
  // The cloud plans' policy checks start now and are reported after the environments, as ever.
  const cloudChecks = cloudStacksOf(options.environments)
    .map(cloudUnit)
    .map((unit) => ({ unit, check: cloudInventoryFindings(options.repoRoot, unit, validateCacheOf(options.repoRoot)) }));
  for (const { check } of cloudChecks) check.catch(() => undefined);
  // Every environment starts at once, so one's child processes (kustomize, promtool, amtool) work
  // while another's schemas are checked; results are reported in order, as they come.
  const validations = options.environments.map((env) => ({ env, validation: validateEnvironment(options.repoRoot, env) }));
  for (const { validation } of validations) validation.catch(() => undefined);
  for (const { env, validation } of validations) {
    out(`validating environments/${env} …`);
    const result = await validation;
    results.push(result);
    for (const line of formatFindings(result.findings)) out(`  ${line}`);
    if (result.reused) out(`  ${REUSED}`);
  }
  // The cloud plans that go with these environments, against the policy pack.
  for (const { unit, check } of cloudChecks) {
    out(`validating environments/${unit} (policy pack) …`);
    const { resources, findings, reused } = await check;
    results.push({ env: unit, files: 1, objects: resources, findings, ...(reused ? { reused } : {}) });
    for (const line of formatFindings(findings)) out(`  ${line}`);
    if (reused) out(`  ${REUSED}`);
  }
  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.length - errors;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const environments = results.filter((r) => !r.env.startsWith(`${CLOUD_FOLDER}/`));
  const stacks = results.filter((r) => r.env.startsWith(`${CLOUD_FOLDER}/`));
  out(
    `${errors === 0 ? 'Valid' : 'Invalid'}: ${environments.length} environment(s), ${environments.reduce((n, r) => n + r.files, 0)} files, ` +
      `${environments.reduce((n, r) => n + r.objects, 0)} objects; ${stacks.length} cloud plan(s), ${stacks.reduce((n, r) => n + r.objects, 0)} resources; ` +
      `${errors} error(s), ${warnings} warning(s) in ${seconds} s`,
  );
  return { ok: errors === 0, results };
}

/**
 * Errors one by one; warnings that say the same thing about several objects (the platform
 * namespaces whose charts own their traffic rules) once, listing the objects.
 */
export function formatFindings(findings: Finding[]): string[] {
  const errors = findings.filter((f) => f.severity === 'error').map(formatFinding);
  const groups = new Map<string, Finding[]>();
  for (const f of findings.filter((f) => f.severity === 'warning')) {
    const key = `${f.rule}\u0000${f.message}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const warnings = [...groups.values()].map((group) =>
    group.length === 1 ? formatFinding(group[0]!) : `warning [${group[0]!.rule}] ${group[0]!.message}: ${group.map((f) => f.object).join(', ')}`,
  );
  return [...errors, ...warnings];
}
