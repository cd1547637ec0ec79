import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

export const PROMTOOL_INSTALL = 'install it with `apt-get install prometheus` (Debian ships promtool in it), then validate again';

/**
 * Every PrometheusRule's groups through `promtool check rules`, Prometheus's own parser: a PromQL
 * typo, a bad duration or a template that does not compile fails here, not in the cluster (where
 * the operator's webhook would refuse it and Flux would stop applying the layer).
 */
export async function prometheusRuleFindings(objects: ManifestFile[]): Promise<Finding[]> {
  const rules = objects.filter(({ manifest }) => manifest.apiVersion === 'monitoring.coreos.com/v1' && manifest.kind === 'PrometheusRule');
  if (!rules.length) return [];
  const dir = await mkdtemp(join(tmpdir(), 'workbench-rules-'));
  try {
    const files = await Promise.all(
      rules.map(async ({ manifest }, i) => {
        const path = join(dir, `${i}.yaml`);
        // JSON is YAML, and writes ten times faster than the yaml package (300 apps: 0.8 s).
        await writeFile(path, JSON.stringify({ groups: (manifest as { spec?: { groups?: unknown } }).spec?.groups ?? [] }, null, 2));
        return path;
      }),
    );
    const result = await execa('promtool', ['check', 'rules', ...files], { reject: false, all: true });
    if ((result as { code?: string }).code === 'ENOENT') {
      return [{ severity: 'warning', file: rules[0]!.file, object: '', rule: 'promtool', message: `promtool is not installed, so ${rules.length} PrometheusRule(s) were not checked: ${PROMTOOL_INSTALL}` }];
    }
    if (result.exitCode === 0) return [];
    return rulesFailures(String(result.all), files, rules);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** promtool prints "Checking <file>" then "  FAILED:" and the problems: map them back to the objects. */
function rulesFailures(output: string, files: string[], rules: ManifestFile[]): Finding[] {
  const findings: Finding[] = [];
  const sections = output.split(/^Checking /m).slice(1);
  for (const section of sections) {
    const index = files.findIndex((file) => section.startsWith(file));
    if (index < 0 || !/FAILED/.test(section)) continue;
    const { file, manifest } = rules[index]!;
    const problems = section
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter((line) => line && !/^(FAILED|SUCCESS)/.test(line));
    for (const problem of problems) findings.push({ severity: 'error', file, object: describeObject(manifest), rule: 'promtool', message: problem.replaceAll(files[index]!, file) });
  }
  return findings.length ? findings : [{ severity: 'error', file: rules[0]!.file, object: '', rule: 'promtool', message: output.trim() }];
}
