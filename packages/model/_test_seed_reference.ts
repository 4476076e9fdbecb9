// The seed's equations in plain float64 JavaScript, as its NumPy code runs
// them (with its three defects fixed), for tests to compare the net against.
// Samples are columns; X is features x m, row-major.
import type { ParamValues } from "./sequential.ts";

export interface Float64Weights {
  inputs: number;
  hidden: number;
  classes: number;
  W1: Float64Array;
  b1: Float64Array;
  W2: Float64Array;
  b2: Float64Array;
}

/** The seed's two-layer parameters `W1, b1, W2, b2` in float64. */
export function toFloat64(w: ParamValues): Float64Weights {
  const hidden = w.b1.length;
  return {
    inputs: w.W1.length / hidden,
    hidden,
    classes: w.b2.length,
    W1: Float64Array.from(w.W1),
    b1: Float64Array.from(w.b1),
    W2: Float64Array.from(w.W2),
    b2: Float64Array.from(w.b2),
  };
}

/** Z = W·X + b, with W rows x inner, X inner x m. */
function dense(W: Float64Array, b: Float64Array, X: ArrayLike<number>, rows: number, m: number) {
  const inner = W.length / rows;
  const Z = new Float64Array(rows * m);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const w = W[i * inner + k];
      if (w === 0) continue;
      for (let j = 0; j < m; j++) Z[i * m + j] += w * X[k * m + j];
    }
    for (let j = 0; j < m; j++) Z[i * m + j] += b[i];
  }
  return Z;
}

export function forward(w: Float64Weights, X: ArrayLike<number>, m: number) {
  const Z1 = dense(w.W1, w.b1, X, w.hidden, m);
  const A1 = Z1.map((z) => Math.max(z, 0));
  const Z2 = dense(w.W2, w.b2, A1, w.classes, m);
  const A2 = new Float64Array(Z2.length);
  for (let j = 0; j < m; j++) {
    let max = -Infinity;
    for (let i = 0; i < w.classes; i++) max = Math.max(max, Z2[i * m + j]);
    let sum = 0;
    for (let i = 0; i < w.classes; i++) sum += Math.exp(Z2[i * m + j] - max);
    for (let i = 0; i < w.classes; i++) A2[i * m + j] = Math.exp(Z2[i * m + j] - max) / sum;
  }
  return { Z1, A1, Z2, A2 };
}

/** Returns dW1, db1, dW2, db2 of the seed's backward pass. */
export function backward(
  w: Float64Weights,
  X: ArrayLike<number>,
  labels: ArrayLike<number>,
  m: number,
) {
  const { Z1, A1, A2 } = forward(w, X, m);
  const { inputs, hidden, classes } = w;
  const dZ2 = A2.slice();
  for (let j = 0; j < m; j++) dZ2[labels[j] * m + j] -= 1;
  const dW2 = new Float64Array(classes * hidden);
  const db2 = new Float64Array(classes);
  for (let i = 0; i < classes; i++) {
    for (let j = 0; j < m; j++) {
      db2[i] += dZ2[i * m + j] / m;
      for (let h = 0; h < hidden; h++) dW2[i * hidden + h] += dZ2[i * m + j] * A1[h * m + j] / m;
    }
  }
  const dZ1 = new Float64Array(hidden * m);
  for (let h = 0; h < hidden; h++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let i = 0; i < classes; i++) sum += w.W2[i * hidden + h] * dZ2[i * m + j];
      dZ1[h * m + j] = Z1[h * m + j] > 0 ? sum : 0;
    }
  }
  const dW1 = new Float64Array(hidden * inputs);
  const db1 = new Float64Array(hidden);
  for (let h = 0; h < hidden; h++) {
    for (let j = 0; j < m; j++) {
      const d = dZ1[h * m + j];
      db1[h] += d / m;
      if (d === 0) continue;
      for (let k = 0; k < inputs; k++) dW1[h * inputs + k] += d * X[k * m + j] / m;
    }
  }
  return { dW1, db1, dW2, db2, A2 };
}

/** One gradient-descent step in place; returns the predictions before it. */
export function step(
  w: Float64Weights,
  X: ArrayLike<number>,
  labels: ArrayLike<number>,
  m: number,
  learningRate: number,
): Uint8Array {
  const { dW1, db1, dW2, db2, A2 } = backward(w, X, labels, m);
  for (let e = 0; e < dW1.length; e++) w.W1[e] -= learningRate * dW1[e];
  for (let e = 0; e < db1.length; e++) w.b1[e] -= learningRate * db1[e];
  for (let e = 0; e < dW2.length; e++) w.W2[e] -= learningRate * dW2[e];
  for (let e = 0; e < db2.length; e++) w.b2[e] -= learningRate * db2[e];
  const predictions = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    for (let i = 1; i < w.classes; i++) {
      if (A2[i * m + j] > A2[predictions[j] * m + j]) predictions[j] = i;
    }
  }
  return predictions;
}
