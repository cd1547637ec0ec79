import { describe, expect, it } from 'vitest';
import { predictProbability, trainLogisticRegression } from './logistic-regression.ts';
import { rocAuc } from './metrics.ts';

describe('logistic regression', () => {
  // Separable along the first feature; the second is noise on a different scale.
  const rows = Array.from({ length: 200 }, (_, i) => [i % 2 === 0 ? 10 + (i % 7) : 30 + (i % 5), 1000 + ((i * 37) % 101)]);
  const labels = rows.map((r) => (r[0]! > 20 ? 1 : 0));

  it('learns a separable problem', () => {
    const model = trainLogisticRegression(['tenure', 'noise'], rows, labels);
    const scores = rows.map((r) => predictProbability(model, r));
    expect(rocAuc(labels, scores)).toBe(1);
    expect(predictProbability(model, [35, 1050])).toBeGreaterThan(0.9);
    expect(predictProbability(model, [8, 1050])).toBeLessThan(0.1);
  });

  it('refuses a row with the wrong number of features, naming them', () => {
    const model = trainLogisticRegression(['tenure', 'noise'], rows, labels, { epochs: 1 });
    expect(() => predictProbability(model, [1])).toThrow(/tenure, noise/);
  });
});
