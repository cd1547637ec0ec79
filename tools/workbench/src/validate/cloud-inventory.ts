import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { POLICY_PACK_EXPORT } from '@workbench/platform-contract';
import { buildMemo } from '../build-memo.js';
import { bundledProgram } from '../engine/bundle.js';
import { installedPackages } from '../engine/result-cache.js';
import { runPolicies } from '../engine/run-policies.js';
import type { RegisteredResource } from '../engine/types.js';
import { INVENTORY_FILE, POLICY_PACK } from '../render/render-cloud.js';
import type { Finding } from './finding.js';
import { parseYamlDocument } from './read-manifests.js';

/** Every cloud stack's plan of a few commits. */
const PLANS_KEPT = 40;

interface InventoryEntry {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * The policy pack over a committed cloud inventory: what `render` checked when it wrote the
 * plan, checked again on what is in git, so a hand-edited or stale plan that breaks a policy
 * fails validation too. The inventory keeps no program lines; the render names those.
 * `cacheDir` (the validate cache) keeps the findings of a plan that passed.
 */
export async function cloudInventoryFindings(repoRoot: string, unit: string, cacheDir?: string): Promise<{ resources: number; findings: Finding[]; reused?: boolean }> {
  const file = `environments/${unit}/${INVENTORY_FILE}`;
  if (!existsSync(join(repoRoot, file))) {
    return { resources: 0, findings: [{ severity: 'error', file, object: '', rule: 'cloud-plan', message: 'missing: run `npx workbench render` and commit environments/cloud/' }] };
  }
  const text = await readFile(join(repoRoot, file), 'utf8');
  const policyPack = await bundledProgram(join(repoRoot, POLICY_PACK), join(repoRoot, 'node_modules/.cache/workbench-program'), repoRoot);
  // The findings are a function of the plan's bytes, the pack's sources and the installed
  // packages (and the CLI build, which buildMemo adds): an unchanged plan is not checked again.
  const inputs = { unit, plan: createHash('sha256').update(text).digest('hex'), policyPack: policyPack.inputHashes, packages: installedPackages(repoRoot), node: process.version };
  const memo = buildMemo<{ resources: number; findings: Finding[] }>(cacheDir && join(cacheDir, 'cloud-plans'), inputs, PLANS_KEPT);
  const kept = memo?.read();
  if (kept) return { ...kept, reused: true };
  const inventory = parseYamlDocument(text) as { stack?: string; resources?: InventoryEntry[] };
  const resources: RegisteredResource[] = (inventory.resources ?? []).map((r) => ({ type: r.type, name: r.name, custom: true, remote: false, inputs: r.inputs, ancestors: [], unknownPaths: [], secretPaths: [] }));
  const pack = (await import(policyPack.url)) as Record<string, unknown>;
  const violations = await runPolicies(pack[POLICY_PACK_EXPORT] as never[], resources, 'cloud', inventory.stack ?? unit);
  const checked = {
    resources: resources.length,
    findings: violations.map(
      (v): Finding => ({
        severity: v.enforcementLevel === 'mandatory' ? 'error' : 'warning',
        file,
        object: v.resource ?? '',
        rule: `policy ${v.policy}`,
        message: v.message,
      }),
    ),
  };
  // A plan with an error is checked again each time, as an environment with one is.
  if (!checked.findings.some((finding) => finding.severity === 'error')) memo?.write(checked);
  return checked;
}
