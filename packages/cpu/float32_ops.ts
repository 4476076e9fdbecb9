import {
  type Activation,
  labelAt,
  LEAKY_RELU_SLOPE,
  type MatmulOptions,
  PROBABILITY_FLOOR,
} from "@simple-mnist/backend";
import { matmulInto } from "./_matmul.ts";

/**
 * A row-major float32 matrix in plain memory: what the element-wise ops
 * below read and write. `JsTensor` is one; any CPU backend whose tensors
 * expose `rows`, `cols` and a contiguous `data` can reuse these ops and
 * write only its own products.
 *
 * The ops below are the loops alone: they do not check shapes. Their
 * caller does, with the op's check in `OP_CHECKS` of `@simple-mnist/backend`
 * (`Float32Backend` runs it in each public op), so the check is written
 * once for every backend.
 */
export interface Float32Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values, row-major: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float32Array;
}

/**
 * `out = alpha · op(a) · op(b)`, summing in float64 (see `JsBackend.matmul`).
 * Shapes are the caller's to check (`OP_CHECKS.matmul`).
 *
 * @param a The left operand.
 * @param b The right operand.
 * @param out The product, `op(a).rows x op(b).cols`; must not be `a` or `b`.
 * @param options Transpose flags and `alpha`.
 * @param scratch A float64 buffer to sum in; a larger one is made if it is too small.
 * @returns The scratch buffer used, to pass to the next call.
 *
 * @example
 * ```ts
 * import { matmul } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const out = { rows: 1, cols: 1, data: new Float32Array(1) };
 * matmul({ rows: 1, cols: 2, data: Float32Array.of(1, 2) }, { rows: 1, cols: 2, data: Float32Array.of(3, 4) }, out, { transposeB: true });
 * assert.equal(out.data[0], 11);
 * ```
 */
export function matmul(
  a: Float32Matrix,
  b: Float32Matrix,
  out: Float32Matrix,
  options: MatmulOptions = {},
  scratch: Float64Array = new Float64Array(0),
): Float64Array {
  const { transposeA = false, transposeB = false, alpha = 1 } = options;
  const size = out.rows * out.cols;
  if (scratch.length < size) scratch = new Float64Array(size);
  matmulInto(a, b, out, transposeA, transposeB, alpha, scratch);
  return scratch;
}

/**
 * `out[i][j] = x[i][j] + bias[i]`. Shapes are the caller's to check
 * (`OP_CHECKS.addBias`).
 *
 * @param x The input, `rows x cols`.
 * @param bias The biases, `rows x 1`.
 * @param out The output, `rows x cols` (may be `x`).
 *
 * @example
 * ```ts
 * import { addBias } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const x = { rows: 2, cols: 1, data: Float32Array.of(1, 2) };
 * addBias(x, { rows: 2, cols: 1, data: Float32Array.of(10, 20) }, x);
 * assert.deepEqual([...x.data], [11, 22]);
 * ```
 */
export function addBias(x: Float32Matrix, bias: Float32Matrix, out: Float32Matrix): void {
  const { rows, cols } = x;
  const [X, B, O] = [x.data, bias.data, out.data];
  for (let i = 0; i < rows; i++) {
    const b = B[i];
    for (let e = i * cols; e < (i + 1) * cols; e++) O[e] = X[e] + b;
  }
}

/**
 * `out = g(z)`, element-wise, for the activation `g` (see `Activation`).
 * Shapes and the name are the caller's to check (`OP_CHECKS.activate`).
 *
 * @param z The pre-activation.
 * @param out The activation, same shape (may be `z`).
 * @param activation Which `g`.
 *
 * @example
 * ```ts
 * import { activate } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const z = { rows: 1, cols: 3, data: Float32Array.of(-1, 0, 2) };
 * activate(z, z, "relu");
 * assert.deepEqual([...z.data], [0, 0, 2]);
 * ```
 */
export function activate(z: Float32Matrix, out: Float32Matrix, activation: Activation): void {
  const [Z, O] = [z.data, out.data];
  const s = LEAKY_RELU_SLOPE;
  switch (activation) {
    case "relu":
      for (let e = 0; e < Z.length; e++) O[e] = Z[e] > 0 ? Z[e] : 0;
      break;
    case "leaky-relu":
      for (let e = 0; e < Z.length; e++) O[e] = Z[e] > 0 ? Z[e] : s * Z[e];
      break;
    case "tanh":
      for (let e = 0; e < Z.length; e++) O[e] = Math.tanh(Z[e]);
      break;
    case "sigmoid":
      for (let e = 0; e < Z.length; e++) O[e] = sigmoid(Z[e]);
      break;
  }
}

/**
 * `out = grad ⊙ g′(z)`: the gradient through the activation `g`, computed
 * from its input `z` (at the kink z = 0, ReLU′ is 0 and leaky ReLU′ is the slope).
 * Shapes and the name are the caller's to check (`OP_CHECKS.activateGrad`).
 *
 * @param grad The incoming gradient, `dA`.
 * @param z The pre-activation, same shape.
 * @param out The gradient `dZ`, same shape (may be `grad`).
 * @param activation Which `g`.
 *
 * @example
 * ```ts
 * import { activateGrad } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const grad = { rows: 1, cols: 2, data: Float32Array.of(5, 6) };
 * activateGrad(grad, { rows: 1, cols: 2, data: Float32Array.of(1, -1) }, grad, "relu");
 * assert.deepEqual([...grad.data], [5, 0]);
 * ```
 */
export function activateGrad(
  grad: Float32Matrix,
  z: Float32Matrix,
  out: Float32Matrix,
  activation: Activation,
): void {
  const [G, Z, O] = [grad.data, z.data, out.data];
  const s = LEAKY_RELU_SLOPE;
  switch (activation) {
    case "relu":
      for (let e = 0; e < Z.length; e++) O[e] = Z[e] > 0 ? G[e] : 0;
      break;
    case "leaky-relu":
      for (let e = 0; e < Z.length; e++) O[e] = Z[e] > 0 ? G[e] : s * G[e];
      break;
    case "tanh":
      for (let e = 0; e < Z.length; e++) {
        const t = Math.tanh(Z[e]);
        O[e] = G[e] * (1 - t * t);
      }
      break;
    case "sigmoid":
      for (let e = 0; e < Z.length; e++) {
        const sz = sigmoid(Z[e]);
        O[e] = G[e] * sz * (1 - sz);
      }
      break;
  }
}

// σ(z) = 1 / (1 + e^−z), written so that neither branch's exp can overflow.
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Column-wise softmax, each column shifted by its maximum first. Shapes are
 * the caller's to check (`OP_CHECKS.softmax`).
 *
 * @param z The logits, one column per sample.
 * @param out The probabilities, same shape (may be `z`).
 *
 * @example
 * ```ts
 * import { softmax } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const z = { rows: 2, cols: 1, data: Float32Array.of(1000, 1000) };
 * softmax(z, z);
 * assert.deepEqual([...z.data], [0.5, 0.5]);
 * ```
 */
export function softmax(z: Float32Matrix, out: Float32Matrix): void {
  const { rows, cols } = z;
  const [Z, O] = [z.data, out.data];
  const end = rows * cols;
  for (let j = 0; j < cols; j++) {
    // Subtracting the column's maximum leaves softmax unchanged and keeps
    // every exponent ≤ 0, so exp never overflows.
    let max = -Infinity;
    for (let e = j; e < end; e += cols) if (Z[e] > max) max = Z[e];
    let sum = 0;
    for (let e = j; e < end; e += cols) {
      const v = Math.exp(Z[e] - max);
      O[e] = v;
      sum += v;
    }
    for (let e = j; e < end; e += cols) O[e] /= sum;
  }
}

/**
 * `out = probs − onehot(labels)`: the gradient of softmax cross-entropy.
 * Shapes are the caller's to check (`OP_CHECKS.softmaxCrossEntropyGrad`).
 *
 * @param probs The probabilities, `classes x m`.
 * @param labels The class of each column, `1 x m`.
 * @param out The gradient, `classes x m` (may be `probs`).
 * @throws {RangeError} If a label is not an integer in `[0, classes)`.
 *
 * @example
 * ```ts
 * import { softmaxCrossEntropyGrad } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const p = { rows: 2, cols: 1, data: Float32Array.of(0.25, 0.75) };
 * softmaxCrossEntropyGrad(p, { rows: 1, cols: 1, data: Float32Array.of(1) }, p);
 * assert.deepEqual([...p.data], [0.25, -0.25]);
 * ```
 */
export function softmaxCrossEntropyGrad(
  probs: Float32Matrix,
  labels: Float32Matrix,
  out: Float32Matrix,
): void {
  const { rows, cols } = probs;
  const [L, O] = [labels.data, out.data];
  for (let j = 0; j < cols; j++) labelAt(L[j], j, rows);
  if (O !== probs.data) O.set(probs.data);
  for (let j = 0; j < cols; j++) O[L[j] * cols + j] -= 1;
}

/**
 * `out[i][0] = scale · Σⱼ x[i][j]`. Shapes are the caller's to check
 * (`OP_CHECKS.rowSum`).
 *
 * @param x The input.
 * @param out The row sums, `rows x 1`.
 * @param scale Applied to each sum (default 1).
 *
 * @example
 * ```ts
 * import { rowSum } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const out = { rows: 1, cols: 1, data: new Float32Array(1) };
 * rowSum({ rows: 1, cols: 3, data: Float32Array.of(1, 2, 3) }, out, 0.5);
 * assert.equal(out.data[0], 3);
 * ```
 */
export function rowSum(x: Float32Matrix, out: Float32Matrix, scale = 1): void {
  const { rows, cols } = x;
  const [X, O] = [x.data, out.data];
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let e = i * cols; e < (i + 1) * cols; e++) sum += X[e];
    O[i] = scale * sum;
  }
}

/**
 * `out = alpha · x + beta · y`, element-wise. Shapes are the caller's to
 * check (`OP_CHECKS.axpby`).
 *
 * @param alpha The scale of `x`.
 * @param x The first term.
 * @param beta The scale of `y`.
 * @param y The second term, same shape.
 * @param out The sum, same shape (may be `x` or `y`).
 *
 * @example
 * ```ts
 * import { axpby } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * // W := W − 0.1·dW
 * const w = { rows: 1, cols: 2, data: Float32Array.of(1, 1) };
 * axpby(1, w, -0.1, { rows: 1, cols: 2, data: Float32Array.of(10, -10) }, w);
 * assert.deepEqual([...w.data], [0, 2]);
 * ```
 */
export function axpby(
  alpha: number,
  x: Float32Matrix,
  beta: number,
  y: Float32Matrix,
  out: Float32Matrix,
): void {
  const [X, Y, O] = [x.data, y.data, out.data];
  for (let e = 0; e < X.length; e++) O[e] = alpha * X[e] + beta * Y[e];
}

/**
 * `out = a ⊙ b`, element-wise. Shapes are the caller's to check
 * (`OP_CHECKS.mul`).
 *
 * @param a The first factor.
 * @param b The second factor, same shape.
 * @param out The product, same shape (may be `a` or `b`).
 *
 * @example
 * ```ts
 * import { mul } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const a = { rows: 1, cols: 2, data: Float32Array.of(3, 4) };
 * mul(a, { rows: 1, cols: 2, data: Float32Array.of(2, 0) }, a);
 * assert.deepEqual([...a.data], [6, 0]);
 * ```
 */
export function mul(a: Float32Matrix, b: Float32Matrix, out: Float32Matrix): void {
  const [A, B, O] = [a.data, b.data, out.data];
  for (let e = 0; e < A.length; e++) O[e] = A[e] * B[e];
}

/**
 * `out = a / (√v + epsilon)`, element-wise. Shapes are the caller's to
 * check (`OP_CHECKS.divSqrt`).
 *
 * @param a The numerator.
 * @param v The (non-negative) second moments, same shape.
 * @param epsilon Added to the root so that a zero `v` stays finite.
 * @param out The quotient, same shape (may be `a` or `v`).
 *
 * @example
 * ```ts
 * import { divSqrt } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const a = { rows: 1, cols: 2, data: Float32Array.of(6, 1) };
 * divSqrt(a, { rows: 1, cols: 2, data: Float32Array.of(4, 0) }, 1, a);
 * assert.deepEqual([...a.data], [2, 1]);
 * ```
 */
export function divSqrt(
  a: Float32Matrix,
  v: Float32Matrix,
  epsilon: number,
  out: Float32Matrix,
): void {
  const [A, V, O] = [a.data, v.data, out.data];
  for (let e = 0; e < A.length; e++) O[e] = A[e] / (Math.sqrt(V[e]) + epsilon);
}

/**
 * `out[0][0] = Σ x²` over every element, summed in float64. Shapes are the
 * caller's to check (`OP_CHECKS.sumSquares`).
 *
 * @param x The input.
 * @param out The sum, `1 x 1`.
 *
 * @example
 * ```ts
 * import { sumSquares } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const out = { rows: 1, cols: 1, data: new Float32Array(1) };
 * sumSquares({ rows: 1, cols: 2, data: Float32Array.of(3, -4) }, out);
 * assert.equal(out.data[0], 25);
 * ```
 */
export function sumSquares(x: Float32Matrix, out: Float32Matrix): void {
  const X = x.data;
  let sum = 0;
  for (let e = 0; e < X.length; e++) sum += X[e] * X[e];
  out.data[0] = sum;
}

/**
 * `out[0][j]` = the first row holding column `j`'s largest value. Shapes are
 * the caller's to check (`OP_CHECKS.argmax`).
 *
 * @param x The input.
 * @param out The row indices, `1 x cols`.
 *
 * @example
 * ```ts
 * import { argmax } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const out = { rows: 1, cols: 2, data: new Float32Array(2) };
 * argmax({ rows: 2, cols: 2, data: Float32Array.of(1, 5, 3, 5) }, out);
 * assert.deepEqual([...out.data], [1, 0]);
 * ```
 */
export function argmax(x: Float32Matrix, out: Float32Matrix): void {
  const { rows, cols } = x;
  const [X, O] = [x.data, out.data];
  for (let j = 0; j < cols; j++) {
    let best = 0;
    for (let i = 1; i < rows; i++) if (X[i * cols + j] > X[best * cols + j]) best = i;
    O[j] = best;
  }
}

/**
 * `out[0][0]` = mean over columns of `−log(max(probs[label][j], PROBABILITY_FLOOR))`.
 * Shapes are the caller's to check (`OP_CHECKS.crossEntropy`).
 *
 * @param probs The probabilities, `classes x m`.
 * @param labels The class of each column, `1 x m`.
 * @param out The loss, `1 x 1`.
 * @throws {RangeError} If a label is not an integer in `[0, classes)`.
 *
 * @example
 * ```ts
 * import { crossEntropy } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const out = { rows: 1, cols: 1, data: new Float32Array(1) };
 * crossEntropy({ rows: 2, cols: 1, data: Float32Array.of(0.5, 0.5) }, { rows: 1, cols: 1, data: Float32Array.of(0) }, out);
 * assert.equal(out.data[0], Math.fround(Math.LN2));
 * ```
 */
export function crossEntropy(
  probs: Float32Matrix,
  labels: Float32Matrix,
  out: Float32Matrix,
): void {
  const { rows, cols } = probs;
  const [P, L] = [probs.data, labels.data];
  let total = 0;
  for (let j = 0; j < cols; j++) {
    const label = labelAt(L[j], j, rows);
    total -= Math.log(Math.max(P[label * cols + j], PROBABILITY_FLOOR));
  }
  out.data[0] = total / cols;
}
