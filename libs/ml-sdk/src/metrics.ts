/** Evaluation metrics for binary classifiers (labels 0/1) and regressors. */

function assertSameLength(a: readonly unknown[], b: readonly unknown[]) {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} labels vs ${b.length} predictions`);
  if (a.length === 0) throw new Error('cannot evaluate on zero examples');
}

function confusion(actual: readonly number[], predicted: readonly number[]) {
  assertSameLength(actual, predicted);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  actual.forEach((y, i) => {
    const p = predicted[i];
    if (y === 1 && p === 1) tp++;
    else if (y === 0 && p === 1) fp++;
    else if (y === 0 && p === 0) tn++;
    else fn++;
  });
  return { tp, fp, tn, fn };
}

export function accuracy(actual: readonly number[], predicted: readonly number[]): number {
  const { tp, tn } = confusion(actual, predicted);
  return (tp + tn) / actual.length;
}

/** Of the predicted positives, the share that were positive; 0 when nothing was predicted positive. */
export function precision(actual: readonly number[], predicted: readonly number[]): number {
  const { tp, fp } = confusion(actual, predicted);
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

/** Of the actual positives, the share that were found; 0 when there were none. */
export function recall(actual: readonly number[], predicted: readonly number[]): number {
  const { tp, fn } = confusion(actual, predicted);
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

/**
 * Area under the ROC curve from scores, by the rank-sum (Mann–Whitney U) formula with ties
 * averaged: the probability a random positive scores above a random negative.
 */
export function rocAuc(actual: readonly number[], scores: readonly number[]): number {
  assertSameLength(actual, scores);
  const order = scores.map((score, i) => ({ score, label: actual[i]! })).sort((a, b) => a.score - b.score);
  let positives = 0, rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.score === order[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]!.label === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('ROC AUC needs at least one positive and one negative example');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  assertSameLength(actual, predicted);
  const sum = actual.reduce((acc, y, i) => acc + (y - predicted[i]!) ** 2, 0);
  return Math.sqrt(sum / actual.length);
}
