import type { ModelPin } from '@workbench/stack-config';
import type { ModelPromotionChange, PromotionChange } from './plan-promotion.js';

export const PROMOTION_MARKER = '<!-- workbench:promotion -->';

export interface PromotionBodyInput {
  title: string;
  target: string;
  changes: (PromotionChange & { commits: string[]; configCommits: string[] })[];
  modelChanges?: ModelPromotionChange[];
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

/** Each metric of the new version beside the one it replaces: `auc 0.861 (was 0.842, +0.019)`. */
function metricsCell(to: ModelPin, from: ModelPin | undefined): string {
  const names = Object.keys(to.metrics ?? {}).sort();
  if (!names.length) return '—';
  return names
    .map((name) => {
      const value = to.metrics![name]!;
      const before = from?.metrics?.[name];
      if (before === undefined) return `${name} ${value.toFixed(3)}`;
      const delta = value - before;
      return `${name} ${value.toFixed(3)} (was ${before.toFixed(3)}, ${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(3)})`;
    })
    .join('<br>');
}

/** The promotion pull request's description: what moves, what it contains, what it changes. */
export function promotionBody(input: PromotionBodyInput): string {
  const lines = [PROMOTION_MARKER, `## ${input.title}`, ''];
  if (input.reason) lines.push(`> **${input.reason.kind}**: ${input.reason.text}`, '');
  if (input.changes.length) {
    lines.push('| app | from | to | commits |', '|---|---|---|---|');
    for (const c of input.changes) {
      const commits = commitCell(c.commits);
      lines.push(`| \`${c.app}\` | ${c.from ? `\`${c.from.tag}\`` : '(not running)'} | \`${c.to.tag}\`${c.clearsHold ? ' (releases its hold)' : ''} | ${commits} |`);
    }
  }
  const models = input.modelChanges ?? [];
  if (models.length) {
    if (input.changes.length) lines.push('');
    lines.push('| model | from | to | registered | trigger | metrics (against the version it replaces) |', '|---|---|---|---|---|---|');
    for (const c of models) {
      lines.push(
        `| \`${c.model}\` | ${c.from ? `version ${c.from.version}` : '(none pinned)'} | version ${c.to.version}${c.clearsHold ? ' (releases its hold)' : ''} | ${c.to.registeredAt} | ${c.to.trigger ?? '—'} | ${metricsCell(c.to, c.from)} |`,
      );
    }
    lines.push('', `The serving apps load the pinned artifact (\`${models[0]!.to.artifact}\`${models.length > 1 ? ' and the others' : ''}) and refuse one whose content hash differs from the pin.`);
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
