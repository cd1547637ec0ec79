import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { POLICY_PACK_EXPORT } from '@workbench/platform-contract';
import { bundledProgram } from '../engine/bundle.js';
import { runPolicies } from '../engine/run-policies.js';
import type { RegisteredResource } from '../engine/types.js';
import { INVENTORY_FILE, POLICY_PACK } from '../render/render-cloud.js';
import type { Finding } from './finding.js';
import { parseYamlDocument } from './read-manifests.js';

interface InventoryEntry {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * The policy pack over a committed cloud inventory: what `render` checked when it wrote the
 * plan, checked again on what is in git, so a hand-edited or stale plan that breaks a policy
 * fails validation too. The inventory keeps no program lines; the render names those.
 */
export async function cloudInventoryFindings(repoRoot: string, unit: string): Promise<{ resources: number; findings: Finding[] }> {
  const file = `environments/${unit}/${INVENTORY_FILE}`;
  if (!existsSync(join(repoRoot, file))) {
    return { resources: 0, findings: [{ severity: 'error', file, object: '', rule: 'cloud-plan', message: 'missing: run `npx workbench render` and commit environments/cloud/' }] };
  }
  const text = await readFile(join(repoRoot, file), 'utf8');
  const inventory = parseYamlDocument(text) as { stack?: string; resources?: InventoryEntry[] };
  const resources: RegisteredResource[] = (inventory.resources ?? []).map((r) => ({ type: r.type, name: r.name, custom: true, remote: false, inputs: r.inputs, ancestors: [], unknownPaths: [], secretPaths: [] }));
  const pack = (await import((await bundledProgram(join(repoRoot, POLICY_PACK), join(repoRoot, 'node_modules/.cache/workbench-program'), repoRoot)).url)) as Record<string, unknown>;
  const violations = await runPolicies(pack[POLICY_PACK_EXPORT] as never[], resources, 'cloud', inventory.stack ?? unit);
  return {
    resources: resources.length,
    findings: violations.map((v) => ({
      severity: v.enforcementLevel === 'mandatory' ? 'error' : 'warning',
      file,
      object: v.resource ?? '',
      rule: `policy ${v.policy}`,
      message: v.message,
    })),
  };
}
