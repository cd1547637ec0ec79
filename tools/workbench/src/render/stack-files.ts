import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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
