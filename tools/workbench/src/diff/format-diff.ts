import type { ObjectChange } from './object-diff.js';

export interface EnvironmentDiff {
  /** The folder under environments/: an environment, or a cloud stack (`cloud/staging`). */
  env: string;
  changes: ObjectChange[];
  /** For a cloud stack: IAM and network changes in words, shown before everything else. */
  callouts?: string[];
}

const calloutsOf = (diffs: EnvironmentDiff[]) => diffs.filter((d) => d.callouts?.length);

const SYMBOL = { added: '+', removed: '-', changed: '~' } as const;

export function countChanges(changes: ObjectChange[]): string {
  const count = (kind: ObjectChange['change']) => changes.filter((c) => c.change === kind).length;
  return `${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`;
}

function bodyOf(change: ObjectChange): string {
  if (change.change === 'changed') return change.patch;
  const text = (change.after ?? change.before ?? '').trimEnd();
  return text
    .split('\n')
    .map((line) => `${SYMBOL[change.change]}${line}`)
    .join('\n');
}

/** For a terminal: one line per object, then its diff, coloured when `color` is set. */
export function formatTerminal(diffs: EnvironmentDiff[], base: string, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const { env, callouts } of calloutsOf(diffs)) {
    lines.push(paint(1, `IAM and network changes in environments/${env}:`), ...callouts!.map((line) => `  ${paint(33, '!')} ${line}`), '');
  }
  for (const { env, changes } of diffs) {
    lines.push(paint(1, `environments/${env} vs ${base}: ${changes.length ? countChanges(changes) : 'no changes'}`));
    for (const change of changes) {
      lines.push(`${SYMBOL[change.change]} ${change.object} (${change.change})`);
      for (const line of bodyOf(change).split('\n')) {
        const code = line.startsWith('+') ? 32 : line.startsWith('-') ? 31 : line.startsWith('@@') ? 36 : 0;
        lines.push(`    ${code ? paint(code, line) : line}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** For a pull-request comment: a summary table, then each object's diff folded in <details>. */
export function formatMarkdown(diffs: EnvironmentDiff[], base: string): string {
  const lines = [`#### Rendered manifests and cloud plans compared with \`${base}\``, ''];
  for (const { env, callouts } of calloutsOf(diffs)) {
    lines.push(`**⚠️ IAM and network changes in \`${env}\`:**`, '', ...callouts!.map((line) => `- ${line}`), '');
  }
  lines.push('| environment | added | changed | removed |', '|---|---|---|---|');
  for (const { env, changes } of diffs) {
    const count = (kind: ObjectChange['change']) => changes.filter((c) => c.change === kind).length;
    lines.push(`| ${env} | ${count('added')} | ${count('changed')} | ${count('removed')} |`);
  }
  for (const { env, changes } of diffs) {
    if (changes.length === 0) continue;
    lines.push('', `##### ${env}`, '');
    for (const change of changes) {
      lines.push(`<details><summary><code>${SYMBOL[change.change]} ${change.object}</code> (${change.change})</summary>`, '', '```diff', bodyOf(change), '```', '', '</details>');
    }
  }
  return lines.join('\n') + '\n';
}
