import type { PromotionChange } from './plan-promotion.js';

export const PROMOTION_MARKER = '<!-- workbench:promotion -->';

export interface PromotionBodyInput {
  title: string;
  target: string;
  changes: (PromotionChange & { commits: string[] })[];
  skipped: { app: string; why: string }[];
  /** Why this is not an ordinary promotion: a hotfix or a rollback, and the reason given. */
  reason?: { kind: 'Hotfix' | 'Rollback'; text: string };
  manifestSummary: string;
}

/** The promotion pull request's description: what moves, what it contains, what it changes. */
export function promotionBody(input: PromotionBodyInput): string {
  const lines = [PROMOTION_MARKER, `## ${input.title}`, ''];
  if (input.reason) lines.push(`> **${input.reason.kind}**: ${input.reason.text}`, '');
  lines.push('| app | from | to | commits |', '|---|---|---|---|');
  for (const c of input.changes) {
    const commits = c.commits.length
      ? c.commits
          .map((line) => {
            const [sha = '', ...subject] = line.split(' ');
            return `\`${sha.slice(0, 12)}\` ${subject.join(' ').replaceAll('|', '\\|')}`;
          })
          .join('<br>')
      : '—';
    lines.push(`| \`${c.app}\` | ${c.from ? `\`${c.from.tag}\`` : '(not running)'} | \`${c.to.tag}\`${c.clearsHold ? ' (releases its hold)' : ''} | ${commits} |`);
  }
  if (input.skipped.length) {
    lines.push('', '**Not promoted**', '');
    for (const s of input.skipped) lines.push(`- \`${s.app}\`: ${s.why}`);
  }
  lines.push('', `**Manifests in ${input.target}**: ${input.manifestSummary}`, '', `Merging this pull request is the promotion; Flux applies it.`);
  return lines.join('\n') + '\n';
}
