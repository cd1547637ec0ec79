import { stackFilePath } from '@workbench/stack-config';
import type { Workload } from '@workbench/workload-spec';

export interface CodeOwnersOptions {
  apps: { app: string; workload: Workload }[];
  /** GitHub organisation the team handles in workload.yaml belong to. */
  organisation: string;
  platformTeam: string;
}

/** `@org/team` for a workload owner written as `team` or already as `@org/team`. */
function handle(owner: string, organisation: string): string {
  return owner.startsWith('@') ? owner : `@${organisation}/${owner}`;
}

/**
 * CODEOWNERS: the platform team owns everything by default and must review production; each app
 * is owned by the team named in its workload.yaml. Later rules win, so the order matters.
 */
export function codeOwnersLines(options: CodeOwnersOptions): string[] {
  const platform = handle(options.platformTeam, options.organisation);
  const lines = [
    `* ${platform}`,
    '',
    '# Production is changed only with the platform team\'s review.',
    `/${stackFilePath('production')} ${platform}`,
    `/environments/production/ ${platform}`,
    '',
    '# Apps, from the owner in each workload.yaml.',
  ];
  for (const { app, workload } of options.apps) {
    lines.push(`/apps/${app}/ ${handle(workload.owner, options.organisation)}`);
  }
  return lines;
}
