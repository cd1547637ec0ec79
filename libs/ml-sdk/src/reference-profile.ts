/** A feature value as a model receives it; null or undefined is missing. */
export type FeatureValue = number | string | null | undefined;

/** How a numeric feature was distributed in the training data: bins between quantile edges. */
export interface NumericProfile {
  type: 'numeric';
  /** Inner bin edges (ascending); n edges make n + 1 bins, the outer ones open-ended. */
  edges: number[];
  /** Share of training rows in each bin. */
  shares: number[];
  min: number;
  max: number;
  missingShare: number;
}

/** How a categorical feature was distributed: its most frequent levels, the rest as "other". */
export interface CategoricalProfile {
  type: 'categorical';
  levels: string[];
  /** Share per level, then the share of all other levels. */
  shares: number[];
  missingShare: number;
}

export type FeatureProfile = NumericProfile | CategoricalProfile;

/**
 * The training data's reference profile, saved inside the model artifact (and its content hash):
 * what a drift monitor compares live requests with.
 */
export interface ReferenceProfile {
  rows: number;
  features: Record<string, FeatureProfile>;
  /** The predicted probabilities over fixed bins split at 0.1, 0.2, …, 0.9. */
  predictions: { edges: number[]; shares: number[] };
}

export const PREDICTION_EDGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const MAX_LEVELS = 20;

/** A value counted as missing: null, undefined, empty text or NaN. */
export const isMissing = (v: FeatureValue) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** The bin of a value between ascending inner edges: bin i holds edges[i-1] < v ≤ edges[i]. */
export function binOf(value: number, edges: readonly number[]): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= edges[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

function quantileEdges(sorted: number[], bins: number): number[] {
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!;
    if (edges.at(-1) !== edge) edges.push(edge);
  }
  return edges;
}

const toShares = (counts: number[], total: number) => counts.map((c) => (total ? c / total : 0));

/** Profiles every feature of the training rows (numbers: decile bins; text: top levels) and the predictions. */
export function buildReferenceProfile(rows: readonly Record<string, FeatureValue>[], predictions: readonly number[], options: { bins?: number } = {}): ReferenceProfile {
  const bins = options.bins ?? 10;
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))].sort();
  const features: Record<string, FeatureProfile> = {};
  for (const name of names) {
    const values = rows.map((row) => row[name]);
    const present = values.filter((v) => !isMissing(v));
    const missingShare = rows.length ? (rows.length - present.length) / rows.length : 0;
    if (present.every((v) => typeof v === 'number')) {
      const sorted = (present as number[]).slice().sort((a, b) => a - b);
      const edges = quantileEdges(sorted, bins);
      const counts = new Array<number>(edges.length + 1).fill(0);
      for (const v of sorted) counts[binOf(v, edges)]!++;
      features[name] = { type: 'numeric', edges, shares: toShares(counts, sorted.length), min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, missingShare };
    } else {
      const frequency = new Map<string, number>();
      for (const v of present) frequency.set(String(v), (frequency.get(String(v)) ?? 0) + 1);
      const levels = [...frequency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_LEVELS).map(([level]) => level);
      const counts = [...levels.map((level) => frequency.get(level)!), present.length - levels.reduce((n, level) => n + frequency.get(level)!, 0)];
      features[name] = { type: 'categorical', levels, shares: toShares(counts, present.length), missingShare };
    }
  }
  const predictionCounts = new Array<number>(PREDICTION_EDGES.length + 1).fill(0);
  for (const p of predictions) predictionCounts[binOf(p, PREDICTION_EDGES)]!++;
  return { rows: rows.length, features, predictions: { edges: PREDICTION_EDGES, shares: toShares(predictionCounts, predictions.length) } };
}
