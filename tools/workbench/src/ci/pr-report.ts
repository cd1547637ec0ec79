import type { AffectedProject } from './affected.js';

/** Hidden in the comment body, so the same comment is found and updated on every push. */
export const REPORT_MARKER = '<!-- workbench:pr-report -->';

/** GitHub refuses comments over 65,536 characters; keep a margin for the notice. */
const MAX_BODY = 60_000;

export function pullRequestReport(input: { affected: AffectedProject[]; total: number; base: string; head: string; manifestDiff: string }): string {
  const lines = [
    REPORT_MARKER,
    '### Workbench: what this pull request affects',
    '',
    `**${input.affected.length} of ${input.total} projects affected** (base \`${input.base.slice(0, 12)}\`, head \`${input.head.slice(0, 12)}\`). CI runs lint, typecheck, test and build for these only.`,
    '',
  ];
  if (input.affected.length) {
    lines.push('| project | type | why |', '|---|---|---|');
    for (const p of input.affected) lines.push(`| \`${p.project}\` | ${p.type}${p.deployable ? ' (deployable)' : ''} | ${p.reason} |`);
    lines.push('');
  }
  lines.push(input.manifestDiff.trimEnd());
  const body = lines.join('\n') + '\n';
  if (body.length <= MAX_BODY) return body;
  return `${body.slice(0, MAX_BODY)}\n\n… the report was cut at ${MAX_BODY} characters; run \`npx workbench diff --base ${input.base.slice(0, 12)}\` for all of it.\n`;
}
