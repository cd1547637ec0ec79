import type { AlertLabels, Rule, RunbookSite } from './rule-group.js';
import { alertRule, promNumber, selector } from './rule-group.js';
import type { AlertName } from './alert-catalog.js';

// Multi-window, multi-burn-rate alerts, as the Google SRE workbook (chapter 5) describes and Sloth
// and Pyrra generate: for a 30-day objective, page when the budget burns 14.4× too fast over an
// hour (confirmed over 5 minutes) or 6× over 6 hours (30 minutes); open a ticket at 3× over a
// day (2 hours) or 1× over 3 days (6 hours). The short window makes the alert stop soon after
// the burn does.

export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
type Window = (typeof SLO_WINDOWS)[number];

export const BURN_RATES: { alert: 'Fast' | 'Slow'; factor: number; long: Window; short: Window }[] = [
  { alert: 'Fast', factor: 14.4, long: '1h', short: '5m' },
  { alert: 'Fast', factor: 6, long: '6h', short: '30m' },
  { alert: 'Slow', factor: 3, long: '1d', short: '2h' },
  { alert: 'Slow', factor: 1, long: '3d', short: '6h' },
];
/** How long a burn must last before it notifies: a page quickly, a ticket once it is clearly steady. */
const PENDING = { Fast: '2m', Slow: '15m' } as const;

/** The recorded share of bad events of one objective over one window. */
export const errorRatioRecord = (window: Window) => `workbench:slo_errors:ratio_rate${window}`;

export interface ServiceObjectives {
  namespace: string;
  /** The scrape job: the Service's name, which is the app's. */
  job: string;
  availability: number;
  latencyMs: number;
  latencyObjective: number;
}

/**
 * Recording rules for each objective's error ratio over every window, then the burn-rate alerts.
 * Requests come from the metrics every service exports through @workbench/platform-sdk:
 * `http_requests_total{status}` and the `http_request_duration_seconds` histogram.
 */
export function sloRules(objectives: ServiceObjectives, who: AlertLabels, runbooks: RunbookSite): Rule[] {
  const target = { namespace: objectives.namespace, job: objectives.job };
  // Prometheus 3 writes a whole-second bucket as le="1.0" where 2.x (and the SDK) wrote "1".
  const seconds = objectives.latencyMs / 1000;
  const le: Record<string, string> = Number.isInteger(seconds) ? { le: `${seconds}(\\.0)?` } : {};
  const leExact: Record<string, string> = Number.isInteger(seconds) ? {} : { le: String(seconds) };
  const ratios = {
    availability: (w: Window) =>
      `sum(rate(http_requests_total${selector(target, { status: '5..' })}[${w}])) / sum(rate(http_requests_total${selector(target)}[${w}]))`,
    latency: (w: Window) =>
      `1 - (sum(rate(http_request_duration_seconds_bucket${selector({ ...target, ...leExact }, le)}[${w}])) / sum(rate(http_request_duration_seconds_count${selector(target)}[${w}])))`,
  };
  const slos = [
    { slo: 'availability', objective: objectives.availability, ratio: ratios.availability, name: 'ServiceAvailabilityBurnRate' },
    { slo: 'latency', objective: objectives.latencyObjective, ratio: ratios.latency, name: 'ServiceLatencyBurnRate' },
  ] as const;
  const rules: Rule[] = [];
  for (const { slo, ratio } of slos) {
    for (const window of SLO_WINDOWS) {
      rules.push({ record: errorRatioRecord(window), expr: ratio(window), labels: { namespace: objectives.namespace, app: objectives.job, slo } });
    }
  }
  for (const { slo, objective, name } of slos) {
    const budget = 1 - objective / 100;
    const recorded = (window: Window) => `${errorRatioRecord(window)}${selector({ namespace: objectives.namespace, app: objectives.job, slo })}`;
    for (const speed of ['Fast', 'Slow'] as const) {
      const conditions = BURN_RATES.filter((b) => b.alert === speed);
      const threshold = (factor: number) => promNumber(factor * budget);
      const expr = conditions
        .map((b) => `(${recorded(b.long)} > ${threshold(b.factor)} and ${recorded(b.short)} > ${threshold(b.factor)})`)
        .join('\n  or\n');
      rules.push(alertRule(`${name}${speed}` as AlertName, expr, PENDING[speed], who, runbooks));
    }
  }
  return rules;
}
