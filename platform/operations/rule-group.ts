import { ALERT_CATALOG, type AlertName, runbookPath } from './alert-catalog.js';

/** A Prometheus recording rule. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** A Prometheus alerting rule as PrometheusRule and promtool take it. */
export interface AlertingRule {
  alert: AlertName;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

/** One rule group: the unit Prometheus evaluates together, and one PrometheusRule's `spec.groups` entry. */
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** Who an alert is about and who gets it: carried as labels by every alert, for routing and for people. */
export interface AlertLabels {
  environment: string;
  owner: string;
  app?: string;
  customer?: string;
}

/** Where runbook pages are browsed: `https://github.com/<repo>/blob/<branch>/`. */
export interface RunbookSite {
  baseUrl: string;
}

/** An alerting rule with the catalog's severity, summary, description and runbook link. */
export function alertRule(name: AlertName, expr: string, forDuration: string | undefined, who: AlertLabels, runbooks: RunbookSite): AlertingRule {
  const definition = ALERT_CATALOG[name];
  const labels: Record<string, string> = { severity: definition.severity, environment: who.environment, owner: who.owner };
  if (who.app) labels.app = who.app;
  if (who.customer) labels.customer = who.customer;
  return {
    alert: name,
    expr,
    ...(forDuration ? { for: forDuration } : {}),
    labels,
    // Templates see only the series' labels, not the rule's: the app's name is written in.
    annotations: { summary: who.app ? definition.summary.replaceAll('{{ $labels.app }}', who.app) : definition.summary, description: definition.meaning, runbook_url: `${runbooks.baseUrl}${runbookPath(name)}` },
  };
}

/** A PromQL label matcher list, values quoted as PromQL strings. */
export function selector(matchers: Record<string, string>, regex: Record<string, string> = {}): string {
  const parts = [
    ...Object.entries(matchers).map(([label, value]) => `${label}=${JSON.stringify(value)}`),
    ...Object.entries(regex).map(([label, value]) => `${label}=~${JSON.stringify(value)}`),
  ];
  return `{${parts.join(', ')}}`;
}

/** A number as PromQL writes it, without float noise (14.4 × 0.001 is 0.0144, not 0.014400000000000001). */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
