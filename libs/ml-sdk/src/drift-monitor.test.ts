import { describe, expect, it } from 'vitest';
import { DriftMonitor } from './drift-monitor.ts';
import { populationStabilityIndex } from './psi.ts';
import { buildReferenceProfile } from './reference-profile.ts';

describe('population stability index', () => {
  it('matches figures computed by hand', () => {
    // Σ (a−e)·ln(a/e) for e = 25% each, a = 10/20/30/40%:
    // (−0.15)·ln(0.4) + (−0.05)·ln(0.8) + 0.05·ln(1.2) + 0.15·ln(1.6) = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228218
    expect(populationStabilityIndex([25, 25, 25, 25], [10, 20, 30, 40])).toBeCloseTo(0.228218, 5);
    // Two bins, 50/50 against 90/10: 0.4·ln(1.8) − 0.4·ln(0.2) = 0.235115 + 0.643775 = 0.878890
    expect(populationStabilityIndex([50, 50], [90, 10])).toBeCloseTo(0.87889, 5);
    expect(populationStabilityIndex([3, 5, 2], [30, 50, 20])).toBeCloseTo(0, 10);
    // An empty bin is floored, not infinite.
    expect(Number.isFinite(populationStabilityIndex([50, 50], [100, 0]))).toBe(true);
  });
});

// Deterministic pseudo-random numbers, so the figures below never flake.
function random(seed: number) {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}
const training = (n: number, next: () => number) =>
  Array.from({ length: n }, () => ({ tenure: Math.floor(next() * 60), plan: next() < 0.7 ? 'basic' : 'premium' }));

describe('drift monitor', () => {
  const next = random(7);
  const rows = training(5000, next);
  const profile = buildReferenceProfile(rows, rows.map(() => next()));

  it('profiles numbers in quantile bins and text by level', () => {
    const tenure = profile.features.tenure!;
    expect(tenure).toMatchObject({ type: 'numeric', min: 0, max: 59, missingShare: 0 });
    if (tenure.type !== 'numeric') throw new Error('numeric');
    expect(tenure.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(profile.features.plan).toMatchObject({ type: 'categorical', levels: ['basic', 'premium'] });
  });

  it('stays under 0.1 on requests like the training data and rises above 0.25 when they shift', () => {
    const stable = new DriftMonitor(profile);
    const shifted = new DriftMonitor(profile);
    const live = random(11);
    for (const row of training(2000, live)) stable.observe(row, live(), 1_000);
    for (const row of training(2000, live)) shifted.observe({ tenure: 40 + row.tenure, plan: 'premium' }, 0.95, 1_000);
    const calm = stable.snapshot(2_000);
    expect(calm.features.tenure!.psi).toBeLessThan(0.1);
    expect(calm.features.plan!.psi).toBeLessThan(0.1);
    expect(calm.predictionPsi).toBeLessThan(0.1);
    const moved = shifted.snapshot(2_000);
    expect(moved.features.tenure!.psi).toBeGreaterThan(0.25);
    expect(moved.features.plan!.psi).toBeGreaterThan(0.25);
    expect(moved.predictionPsi).toBeGreaterThan(0.25);
    expect(moved.features.tenure!.outOfRangeShare).toBeGreaterThan(0.5);
  });

  it('counts missing values and forgets requests older than the window', () => {
    const monitor = new DriftMonitor(profile, { windowMs: 600_000, slices: 10 });
    monitor.observe({ tenure: null, plan: 'basic' }, 0.2, 0);
    monitor.observe({ tenure: 12, plan: 'basic' }, 0.2, 0);
    expect(monitor.snapshot(1_000).features.tenure!.missingShare).toBe(0.5);
    expect(monitor.snapshot(11 * 60_000).requests).toBe(0);
  });

  it('reports only the features of the profile, whatever the requests carry: 10,000 distinct inputs add nothing', () => {
    const monitor = new DriftMonitor(profile);
    for (let i = 0; i < 10_000; i++) monitor.observe({ tenure: i, plan: `plan-${i}`, [`unknown-${i}`]: i }, (i % 100) / 100, 1_000);
    const snapshot = monitor.snapshot(2_000);
    expect(Object.keys(snapshot.features)).toEqual(['plan', 'tenure']);
    expect(monitor.featureNames).toEqual(['plan', 'tenure']);
    expect(snapshot.requests).toBe(10_000);
    // Unknown levels fall into the profile's "other" bin rather than adding bins.
    expect(snapshot.features.plan!.psi).toBeGreaterThan(0.25);
  });
});
