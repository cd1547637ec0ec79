/**
 * Population stability index of two distributions over the same bins:
 * PSI = Σ (actualᵢ − expectedᵢ) · ln(actualᵢ / expectedᵢ), with shares rather than counts. An
 * empty bin on either side would make it infinite, so every share is floored at `epsilon`
 * (the usual practice). Read: < 0.1 stable, 0.1–0.25 a moderate shift, > 0.25 a major one.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[], epsilon = 1e-4): number {
  if (expected.length !== actual.length) throw new Error(`PSI needs the same bins on both sides: ${expected.length} expected, ${actual.length} actual`);
  const shares = (counts: readonly number[]) => {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => Math.max(total > 0 ? c / total : 0, epsilon));
  };
  const e = shares(expected);
  const a = shares(actual);
  return e.reduce((sum, ei, i) => sum + (a[i]! - ei) * Math.log(a[i]! / ei), 0);
}
