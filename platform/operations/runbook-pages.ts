import { ALERT_CATALOG, ALERT_NAMES, type AlertName, RUNBOOK_FOLDER, runbookPath } from './alert-catalog.js';

const HEADER = '<!-- Generated from platform/operations/alert-catalog.ts by `npm run generate`; do not edit. -->';

// Runbooks are read by people, not Alertmanager: `{{app}}` becomes `<app>`.
const forPeople = (text: string) => text.replace(/\{\{\s*(?:\$labels\.)?(\w+)\s*\}\}/g, '<$1>');

function runbookPage(name: AlertName): string {
  const alert = ALERT_CATALOG[name];
  const lines = [
    HEADER,
    `# ${name}`,
    '',
    `**Severity:** ${alert.severity} · **Raised for:** ${alert.scope.join(', ')}${'tunedBy' in alert ? ` · **Tuned by:** \`${alert.tunedBy}\` in workload.yaml` : ''}`,
    '',
    `> ${forPeople(alert.summary.replace(/\{\{[^}]*\$value[^}]*\}\}/g, 'N'))}`,
    '',
    '## What it means',
    '',
    forPeople(alert.meaning),
    '',
    '## What to do',
    '',
    ...alert.steps.map((step, i) => `${i + 1}. ${forPeople(step)}`),
    '',
    'Every alert names the app, customer, owner and environment in its labels; the app dashboard is in Grafana, in the folder of the customer.',
    '',
  ];
  return lines.join('\n');
}

function indexPage(): string {
  const rows = ALERT_NAMES.map((name) => `| [${name}](${name}.md) | ${ALERT_CATALOG[name].severity} | ${ALERT_CATALOG[name].scope.join(', ')} |`);
  return [HEADER, '# Runbooks', '', 'One page per alert Workbench renders. README.md, "Operating an app", says which alerts an app gets and how to tune them.', '', '| Alert | Severity | Raised for |', '| --- | --- | --- |', ...rows, ''].join('\n');
}

/** Every runbook page, by path from the repository root. */
export function runbookPages(): Map<string, string> {
  return new Map([[`${RUNBOOK_FOLDER}/README.md`, indexPage()], ...ALERT_NAMES.map((name): [string, string] => [runbookPath(name), runbookPage(name)])]);
}
