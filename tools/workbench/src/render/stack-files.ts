import { stackFileName } from '@workbench/stack-config';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { readUtf8File } from '@workbench/workload-spec';
import { z } from 'zod';

const projectFile = z.object({ name: z.string().min(1), main: z.string().default('index.ts') });

export class StackFileError extends Error {}

/** The Pulumi project's name and entry file, from Pulumi.yaml. */
export function readPulumiProject(programDir: string): { name: string; main: string } {
  const file = join(programDir, 'Pulumi.yaml');
  if (!existsSync(file)) throw new StackFileError(`${file}: not found; every program folder needs a Pulumi.yaml`);
  const result = projectFile.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new StackFileError(`${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

/**
 * A stack's config as the Pulumi CLI hands it to a program: `project:key` → string, objects and
 * numbers JSON-encoded. Encrypted (`secure:`) values are refused: the render runs offline and
 * secret values never belong in rendered manifests.
 */
export function readStackConfigFile(programDir: string, project: string, stack: string, repoRoot: string): Record<string, string> {
  const file = join(programDir, stackFileName(stack));
  const shown = relative(repoRoot, file);
  if (!existsSync(file)) throw new StackFileError(`${shown}: not found; create the stack config for environment "${stack}"`);
  let document: unknown;
  const text = readUtf8File(file, shown);
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new StackFileError(`${shown}: not valid YAML: ${(error as Error).message}`);
  }
  const config = (document as { config?: Record<string, unknown> } | null)?.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config)) throw new StackFileError(`${shown}: "config" must be a mapping of keys to values`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(':') ? key : `${project}:${key}`;
    if (value && typeof value === 'object' && 'secure' in value) {
      throw new StackFileError(`${shown}: config ${fullKey} is an encrypted secret; the render cannot and must not read secrets. Reference the secret store instead.`);
    }
    out[fullKey] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
