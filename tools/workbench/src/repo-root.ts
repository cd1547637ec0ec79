import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The workspace root: the nearest folder above `from` holding nx.json and platform/. */
export function findRepoRoot(from = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'platform'))) return dir;
    if (dirname(dir) === dir) throw new Error(`not inside a Workbench repository (no nx.json and platform/ above ${from})`);
  }
}
