// Plain, obviously-correct reference math for the conformance suite: nested
// loops over row-major `number[]` in float64, written for reading, not speed.

/** A row-major matrix of plain numbers. */
export interface Matrix {
  rows: number;
  cols: number;
  values: number[];
}

export function at(m: Matrix, i: number, j: number): number {
  return m.values[i * m.cols + j];
}

export function transpose(m: Matrix): Matrix {
  const values: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    for (let i = 0; i < m.rows; i++) values.push(at(m, i, j));
  }
  return { rows: m.cols, cols: m.rows, values };
}

export function matmul(a: Matrix, b: Matrix, alpha = 1): Matrix {
  const values: number[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let k = 0; k < a.cols; k++) sum += at(a, i, k) * at(b, k, j);
      values.push(alpha * sum);
    }
  }
  return { rows: a.rows, cols: b.cols, values };
}

export function map(m: Matrix, f: (x: number, i: number, j: number) => number): Matrix {
  return { ...m, values: m.values.map((x, n) => f(x, Math.floor(n / m.cols), n % m.cols)) };
}

export function softmax(z: Matrix): Matrix {
  return map(z, (_, i, j) => {
    let sum = 0;
    for (let r = 0; r < z.rows; r++) sum += Math.exp(at(z, r, j) - at(z, i, j));
    return 1 / sum;
  });
}

export function crossEntropy(probs: Matrix, labels: number[], floor: number): number {
  let total = 0;
  for (let j = 0; j < probs.cols; j++) total -= Math.log(Math.max(at(probs, labels[j], j), floor));
  return total / probs.cols;
}

export function argmax(x: Matrix): number[] {
  const result: number[] = [];
  for (let j = 0; j < x.cols; j++) {
    let best = 0;
    for (let i = 1; i < x.rows; i++) if (at(x, i, j) > at(x, best, j)) best = i;
    result.push(best);
  }
  return result;
}

export function rowSum(x: Matrix, scale: number): Matrix {
  const values: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    let sum = 0;
    for (let j = 0; j < x.cols; j++) sum += at(x, i, j);
    values.push(scale * sum);
  }
  return { rows: x.rows, cols: 1, values };
}

/** g(z) for each activation, as in `activation.ts`'s table. */
export function activation(name: string, z: number, slope: number): number {
  switch (name) {
    case "relu":
      return Math.max(z, 0);
    case "leaky-relu":
      return z > 0 ? z : slope * z;
    case "tanh":
      return Math.tanh(z);
    case "sigmoid":
      return 1 / (1 + Math.exp(-z));
  }
  throw new Error(`no reference for ${name}`);
}

/** g′(z) for each activation (the left side's value at a kink). */
export function activationDerivative(name: string, z: number, slope: number): number {
  switch (name) {
    case "relu":
      return z > 0 ? 1 : 0;
    case "leaky-relu":
      return z > 0 ? 1 : slope;
    case "tanh":
      return 1 - Math.tanh(z) ** 2;
    case "sigmoid": {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
  }
  throw new Error(`no reference for ${name}`);
}
