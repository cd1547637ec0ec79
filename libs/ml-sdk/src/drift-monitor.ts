import { populationStabilityIndex } from './psi.ts';
import { binOf, type FeatureValue, isMissing, type ReferenceProfile } from './reference-profile.ts';

/** Drift of the live requests in the window against the training data, per feature and for predictions. */
export interface DriftSnapshot {
  requests: number;
  features: Record<string, { psi: number; missingShare: number; outOfRangeShare: number }>;
  predictionPsi: number;
}

interface Slice {
  /** Start of the slice, ms. */
  start: number;
  requests: number;
  /** Per profiled feature: counts per bin, missing and out of range. */
  bins: Record<string, number[]>;
  missing: Record<string, number>;
  outOfRange: Record<string, number>;
  predictions: number[];
}

export interface DriftMonitorOptions {
  /** The sliding window, ms: 10 minutes by default. */
  windowMs?: number;
  /** Slices the window is kept in; memory is slices × bins, whatever the request rate. */
  slices?: number;
}

/**
 * Compares a sliding window of live requests with a model's reference profile. It keeps counts,
 * never the requests: memory is bounded by the profile (features × bins × slices), and only
 * features the profile knows are counted — an unknown feature or level cannot add a series.
 */
export class DriftMonitor {
  private readonly sliceMs: number;
  private readonly slices: Slice[] = [];

  constructor(
    private readonly profile: ReferenceProfile,
    private readonly options: DriftMonitorOptions = {},
  ) {
    this.sliceMs = (options.windowMs ?? 600_000) / (options.slices ?? 10);
  }

  /** The features a snapshot reports: the label values metrics may take. */
  get featureNames(): string[] {
    return Object.keys(this.profile.features);
  }

  /** Counts one scored request. */
  observe(features: Record<string, FeatureValue>, prediction: number, now = Date.now()): void {
    const slice = this.sliceAt(now);
    slice.requests++;
    for (const [name, profile] of Object.entries(this.profile.features)) {
      const value = features[name];
      if (isMissing(value)) {
        slice.missing[name] = (slice.missing[name] ?? 0) + 1;
        continue;
      }
      const bins = (slice.bins[name] ??= new Array<number>(profile.shares.length).fill(0));
      if (profile.type === 'numeric') {
        const number = typeof value === 'number' ? value : Number(value);
        if (Number.isNaN(number)) {
          slice.outOfRange[name] = (slice.outOfRange[name] ?? 0) + 1;
          continue;
        }
        if (number < profile.min || number > profile.max) slice.outOfRange[name] = (slice.outOfRange[name] ?? 0) + 1;
        bins[binOf(number, profile.edges)]!++;
      } else {
        const level = profile.levels.indexOf(String(value));
        bins[level >= 0 ? level : profile.levels.length]!++;
      }
    }
    slice.predictions[binOf(prediction, this.profile.predictions.edges)]!++;
  }

  /** PSI per feature and for predictions, missing and out-of-range shares, over the window ending `now`. */
  snapshot(now = Date.now()): DriftSnapshot {
    const live = this.slices.filter((s) => s.start > now - this.sliceMs * (this.options.slices ?? 10));
    const requests = live.reduce((n, s) => n + s.requests, 0);
    const sum = (pick: (s: Slice) => number[] | undefined, length: number) =>
      live.reduce((total, s) => total.map((t, i) => t + (pick(s)?.[i] ?? 0)), new Array<number>(length).fill(0));
    const features: DriftSnapshot['features'] = {};
    for (const [name, profile] of Object.entries(this.profile.features)) {
      const counts = sum((s) => s.bins[name], profile.shares.length);
      const missing = live.reduce((n, s) => n + (s.missing[name] ?? 0), 0);
      const outOfRange = live.reduce((n, s) => n + (s.outOfRange[name] ?? 0), 0);
      features[name] = {
        psi: counts.some((c) => c > 0) ? populationStabilityIndex(profile.shares, counts) : 0,
        missingShare: requests ? missing / requests : 0,
        outOfRangeShare: requests ? outOfRange / requests : 0,
      };
    }
    const predictions = sum((s) => s.predictions, this.profile.predictions.shares.length);
    return { requests, features, predictionPsi: requests ? populationStabilityIndex(this.profile.predictions.shares, predictions) : 0 };
  }

  private sliceAt(now: number): Slice {
    const start = now - (now % this.sliceMs);
    const last = this.slices.at(-1);
    if (last && last.start === start) return last;
    const slice: Slice = { start, requests: 0, bins: {}, missing: {}, outOfRange: {}, predictions: new Array<number>(this.profile.predictions.shares.length).fill(0) };
    this.slices.push(slice);
    while (this.slices.length > (this.options.slices ?? 10)) this.slices.shift();
    return slice;
  }
}
