import type { AffectedProject } from './affected.js';
import type { MergeEffects } from './merge-effects.js';

/** Hidden in the comment body, so the same comment is found and updated on every push. */
export const REPORT_MARKER = '<!-- workbench:pr-report -->';

/** GitHub refuses comments over 65,536 characters; keep a margin for the notice. */
const MAX_BODY = 60_000;
/** Objects named per app in "live at merge"; the manifest diff below has them all. */
const OBJECTS_SHOWN = 5;
/** Alerts and dashboards named per environment; a new app brings a dozen. */
const OPERATIONS_SHOWN = 12;

const code = (text: string) => `\`${text}\``;

function listed(items: string[], shown: number): string {
  const head = items.slice(0, shown).map(code).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

/** "What merging does": releases, what goes live without a promotion, and required reviews. */
export function formatMergeEffects(effects: MergeEffects): string[] {
  const lines = ['### What merging does', ''];
  if (effects.releases.length) {
    lines.push('**Released to staging.** The release workflow builds an image of each and pins it in staging:', '', '| app | why |', '|---|---|');
    for (const r of effects.releases) lines.push(`| ${code(r.app)} | ${r.reason} |`);
  } else {
    lines.push('**Nothing is released:** no deployable app is affected.');
  }
  lines.push('');
  const production = effects.liveAtMerge.filter((g) => g.env === 'production');
  const others = effects.liveAtMerge.filter((g) => g.env !== 'production');
  if (effects.liveAtMerge.length) {
    lines.push('**Live at merge, without a promotion.** Flux applies `environments/` from main, so these changes reach their clusters when this merges:', '');
    for (const g of [...production, ...others]) {
      const env = g.env === 'production' ? '⚠️ **production**' : g.env;
      lines.push(`- ${env} · ${code(g.owner)}: ${listed(g.objects, OBJECTS_SHOWN)}`);
    }
    if (!production.length) lines.push('- production: nothing; it changes only through a promotion.');
  } else {
    lines.push('**Nothing goes live at merge:** no rendered manifest changes; production changes only through a promotion.');
  }
  if (effects.cloud.length) {
    lines.push('', '**Cloud changes, applied by `infra.yml` at merge** (`pulumi up`; production only after approval in its GitHub environment):', '');
    for (const stack of effects.cloud) {
      lines.push(`- ${stack.stack === 'production' ? '⚠️ **production**' : code(stack.stack)}: ${stack.changes} resource(s) change`);
      for (const callout of stack.callouts) lines.push(`  - ${callout}`);
    }
  }
  if (effects.operations.length) {
    lines.push('', '**Alerts and dashboards** (what owners are paged about and look at):', '');
    for (const o of effects.operations) {
      const parts = [
        ...o.added.map((name) => `+ ${name}`),
        ...o.changed.map((name) => `~ ${name}`),
        ...o.removed.map((name) => `- ${name}`),
      ];
      lines.push(`- ${o.env === 'production' ? '⚠️ **production**' : o.env}: ${listed(parts, OPERATIONS_SHOWN)}`);
    }
  }
  if (effects.configuration.length) lines.push('', `Configuration changed here: ${effects.configuration.map(code).join(', ')}.`);
  lines.push('');
  if (effects.approvals.length) {
    lines.push('**Approval required** (CODEOWNERS on the base branch):', '');
    for (const a of effects.approvals) lines.push(`- ${a.owners.join(', ')}: ${listed(a.files, 3)}`);
  } else {
    lines.push('**Approval required:** no CODEOWNERS entry matches the changed files.');
  }
  lines.push('');
  return lines;
}

export function pullRequestReport(input: {
  affected: AffectedProject[];
  total: number;
  base: string;
  head: string;
  effects: MergeEffects;
  manifestDiff: string;
}): string {
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
  lines.push(...formatMergeEffects(input.effects));
  lines.push(input.manifestDiff.trimEnd());
  const body = lines.join('\n') + '\n';
  if (body.length <= MAX_BODY) return body;
  return `${body.slice(0, MAX_BODY)}\n\n… the report was cut at ${MAX_BODY} characters; run \`npx workbench diff --base ${input.base.slice(0, 12)} --head ${input.head.slice(0, 12)}\` for all of it.\n`;
}
