import { describe, expect, it } from 'vitest';
import { accuracy, precision, recall, rmse, rocAuc } from './metrics.ts';

const actual = [1, 0, 1, 1, 0, 0];
const predicted = [1, 0, 0, 1, 1, 0];

describe('classification metrics', () => {
  it('computes accuracy, precision and recall from the confusion matrix', () => {
    // tp=2, fp=1, tn=2, fn=1
    expect(accuracy(actual, predicted)).toBeCloseTo(4 / 6);
    expect(precision(actual, predicted)).toBeCloseTo(2 / 3);
    expect(recall(actual, predicted)).toBeCloseTo(2 / 3);
  });

  it('returns 0 rather than NaN when nothing was predicted positive', () => {
    expect(precision([1, 0], [0, 0])).toBe(0);
    expect(recall([0, 0], [0, 0])).toBe(0);
  });

  it('computes ROC AUC with ties averaged', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75);
    expect(rocAuc([0, 1], [0.2, 0.9])).toBe(1);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow(/one positive and one negative/);
  });

  it('refuses mismatched or empty inputs', () => {
    expect(() => accuracy([1], [1, 0])).toThrow(/length mismatch/);
    expect(() => rmse([], [])).toThrow(/zero examples/);
  });
});

describe('rmse', () => {
  it('is the root of the mean squared error', () => {
    expect(rmse([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(rmse([0, 0], [3, 4])).toBeCloseTo(Math.sqrt(12.5));
  });
});
