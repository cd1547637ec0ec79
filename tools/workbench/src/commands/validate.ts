import type { Environment } from '../environments.js';
import { formatFinding } from '../validate/finding.js';
import { type EnvironmentValidation, validateEnvironment } from '../validate/validate-environment.js';

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
  for (const env of options.environments) {
    out(`validating environments/${env} …`);
    const result = await validateEnvironment(options.repoRoot, env);
    results.push(result);
    for (const finding of result.findings) out(`  ${formatFinding(finding)}`);
  }
  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.length - errors;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  out(
    `${errors === 0 ? 'Valid' : 'Invalid'}: ${results.length} environment(s), ${results.reduce((n, r) => n + r.files, 0)} files, ` +
      `${results.reduce((n, r) => n + r.objects, 0)} objects; ${errors} error(s), ${warnings} warning(s) in ${seconds} s`,
  );
  return { ok: errors === 0, results };
}
