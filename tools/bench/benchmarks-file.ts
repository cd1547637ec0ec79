import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The machine a benchmark ran on, for the results table. */
export function machineDescription(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Adds a results section to BENCHMARKS.md, newest first, keeping every earlier one. */
export async function prependBenchmarkSection(section: string): Promise<void> {
  const file = join(REPO_ROOT, 'BENCHMARKS.md');
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n\nProduced by `npm run bench`; newest first.\n\n');
  const [head, ...rest] = existing.split(/\n(?=## )/);
  await writeFile(file, [head!.trimEnd() + '\n', section, ...rest].join('\n'));
}

/**
 * Prints a results section — the title with today's date, the machine and how it was measured,
 * and the table — and adds it to BENCHMARKS.md.
 */
export async function publishBenchmark(section: { title: string; method: string; columns: string[]; rows: string[] }): Promise<void> {
  const text = [
    `## ${section.title} — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${machineDescription()}. ${section.method}`,
    '',
    `| ${section.columns.join(' | ')} |`,
    `|${section.columns.map(() => '---|').join('')}`,
    ...section.rows,
    '',
  ].join('\n');
  process.stdout.write('\n' + text + '\n');
  await prependBenchmarkSection(text);
}
