/**
 * Binary logistic regression by batch gradient descent on standardised features. Small and
 * dependency-free on purpose: the models Workbench jobs train in tests and demos have a handful
 * of features and a few thousand rows.
 */
export interface LogisticRegressionModel {
  features: string[];
  means: number[];
  scales: number[];
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  learningRate?: number;
  epochs?: number;
  /** L2 penalty on the weights. */
  l2?: number;
}

export function trainLogisticRegression(
  features: string[],
  rows: readonly number[][],
  labels: readonly number[],
  options: TrainOptions = {},
): LogisticRegressionModel {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('need as many labels as rows, and at least one row');
  const { learningRate = 0.1, epochs = 500, l2 = 0.001 } = options;
  const width = features.length;
  const means = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const scales = means.map((mean, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length) || 1);
  const x = rows.map((r) => r.map((v, j) => (v - means[j]!) / scales[j]!));
  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gradient = new Array<number>(width).fill(0);
    let biasGradient = 0;
    x.forEach((row, i) => {
      const error = sigmoid(dot(weights, row) + bias) - labels[i]!;
      row.forEach((v, j) => (gradient[j]! += error * v));
      biasGradient += error;
    });
    for (let j = 0; j < width; j++) weights[j]! -= learningRate * (gradient[j]! / x.length + l2 * weights[j]!);
    bias -= learningRate * (biasGradient / x.length);
  }
  return { features, means, scales, weights, bias };
}

/** Probability of the positive class for one row of raw (unstandardised) feature values. */
export function predictProbability(model: LogisticRegressionModel, row: readonly number[]): number {
  if (row.length !== model.features.length) {
    throw new Error(`expected ${model.features.length} features (${model.features.join(', ')}), got ${row.length}`);
  }
  const standardised = row.map((v, j) => (v - model.means[j]!) / model.scales[j]!);
  return sigmoid(dot(model.weights, standardised) + model.bias);
}

function sigmoid(z: number) {
  return 1 / (1 + Math.exp(-z));
}

function dot(a: readonly number[], b: readonly number[]) {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}
