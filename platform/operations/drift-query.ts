import { DRIFT_METRICS } from '@workbench/platform-contract';
import { selector } from './rule-group.js';

/**
 * The largest feature PSI a serving app reports, as held for a whole window: the minimum over the
 * window (sampled each minute) of the maximum over its features and pods. Above a threshold means
 * some feature stayed drifted for the whole window — not one noisy scrape. The retraining
 * trigger and the drift alert ask the same question (the alert per feature, `by: 'feature'`).
 */
export function sustainedDriftQuery(target: { namespace: string; app: string }, window: string, by?: string): string {
  const largest = by ? `max by (${by}) ` : 'max';
  return `min_over_time(${largest}(${DRIFT_METRICS.featurePsi}${selector({ namespace: target.namespace, job: target.app })})[${window}:1m])`;
}
