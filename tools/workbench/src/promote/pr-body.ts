import type { PromotionChange } from './plan-promotion.js';

export const PROMOTION_MARKER = '<!-- workbench:promotion -->';

export interface PromotionBodyInput {
  title: string;
  target: string;
  changes: (PromotionChange & { commits: string[]; configCommits: string[] })[];
  skipped: { app: string; why: string }[];
  /** Why this is not an ordinary promotion: a hotfix or a rollback, and the reason given. */
  reason?: { kind: 'Hotfix' | 'Rollback'; text: string };
  manifestSummary: string;
}

/** `<sha> <subject>` lines from git log as one table cell. */
function commitCell(lines: string[]): string {
  if (!lines.length) return '—';
  return lines
    .map((line) => {
      const [sha = '', ...subject] = line.split(' ');
      return `\`${sha.slice(0, 12)}\` ${subject.join(' ').replaceAll('|', '\\|')}`;
    })
    .join('<br>');
}

/** The promotion pull request's description: what moves, what it contains, what it changes. */
export function promotionBody(input: PromotionBodyInput): string {
  const lines = [PROMOTION_MARKER, `## ${input.title}`, ''];
  if (input.reason) lines.push(`> **${input.reason.kind}**: ${input.reason.text}`, '');
  lines.push('| app | from | to | commits |', '|---|---|---|---|');
  for (const c of input.changes) {
    const commits = commitCell(c.commits);
    lines.push(`| \`${c.app}\` | ${c.from ? `\`${c.from.tag}\`` : '(not running)'} | \`${c.to.tag}\`${c.clearsHold ? ' (releases its hold)' : ''} | ${commits} |`);
  }
  const reconfigured = input.changes.filter((c) => c.configCommits.length);
  if (reconfigured.length) {
    lines.push('', '**Configuration changed since the version moved.** Promotion moves images only: these apps run with the configuration on main, which changed after their image was built.', '');
    lines.push('| app | version | `workload.yaml` changed in |', '|---|---|---|');
    for (const c of reconfigured) lines.push(`| \`${c.app}\` | \`${c.to.tag}\` | ${commitCell(c.configCommits)} |`);
  }
  if (input.skipped.length) {
    lines.push('', '**Not promoted**', '');
    for (const s of input.skipped) lines.push(`- \`${s.app}\`: ${s.why}`);
  }
  lines.push('', `**Manifests in ${input.target}**: ${input.manifestSummary}`, '', `Merging this pull request is the promotion; Flux applies it.`);
  return lines.join('\n') + '\n';
}
