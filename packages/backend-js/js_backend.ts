import {
  type Backend,
  expectDimensions,
  expectSameShape,
  expectShape,
  labelAt,
  type MatmulOptions,
  PROBABILITY_FLOOR,
  shapeOf,
  type Tensor,
} from "@simple-mnist/backend";
import { JsTensor } from "./js_tensor.ts";
import { matmulInto } from "./_matmul.ts";

/**
 * The pure-TypeScript backend: plain loops over `Float32Array`s that read
 * like the math, accumulating sums in float64. No dependencies; runs
 * anywhere JavaScript runs.
 *
 * @example Forward pass of one ReLU layer
 * ```ts
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const w = backend.create(1, 2);
 * const x = backend.create(2, 1);
 * const b = backend.create(1, 1);
 * backend.upload(w, [1, -1]);
 * backend.upload(x, [2, 5]);
 * backend.upload(b, [1]);
 * const z = backend.create(1, 1);
 * backend.matmul(w, x, z);
 * backend.addBias(z, b, z);
 * backend.relu(z, z);
 * assert.deepEqual([...await backend.download(z)], [0]);
 * ```
 */
export class JsBackend implements Backend<JsTensor> {
  /** Registered as `"js"`. */
  readonly name = "js";
  #scratch = new Float64Array(0);

  /** Allocates a zero-filled tensor. @throws {RangeError} on a non-positive or fractional dimension. */
  create(rows: number, cols: number): JsTensor {
    expectDimensions(rows, cols);
    return new JsTensor(rows, cols, new Float32Array(rows * cols));
  }

  /** Copies row-major values in. @throws {TypeError} if the length does not match. */
  upload(dst: JsTensor, values: ArrayLike<number>): void {
    const data = own(dst, "upload");
    if (values.length !== data.length) {
      throw new TypeError(
        `Cannot upload: ${values.length} values do not fill a ${shapeOf(dst)} tensor`,
      );
    }
    data.set(values);
  }

  /** Copies the values out. */
  download(src: JsTensor): Promise<Float32Array> {
    return Promise.resolve(own(src, "download").slice());
  }

  /** Drops the tensor's memory; later use throws. */
  dispose(tensor: JsTensor): void {
    own(tensor, "dispose");
    tensor.data = new Float32Array(0);
    tensor.disposed = true;
  }

  /** `out = alpha · op(a) · op(b)`. */
  matmul(a: JsTensor, b: JsTensor, out: JsTensor, options: MatmulOptions = {}): void {
    const { transposeA = false, transposeB = false, alpha = 1 } = options;
    const action = "Cannot multiply matrices";
    own(a, action);
    own(b, action);
    own(out, action);
    const [n, k] = transposeA ? [a.cols, a.rows] : [a.rows, a.cols];
    const [k2, p] = transposeB ? [b.cols, b.rows] : [b.rows, b.cols];
    if (k !== k2) {
      throw new TypeError(
        `${action}: ${transposeA ? "aᵀ" : "a"} is ${n}x${k} but ${
          transposeB ? "bᵀ" : "b"
        } is ${k2}x${p}`,
      );
    }
    expectShape(action, "out", out, n, p);
    if (out === a || out === b) {
      throw new TypeError(`${action}: out must not be one of the inputs`);
    }
    if (this.#scratch.length < n * p) this.#scratch = new Float64Array(n * p);
    matmulInto(a, b, out, transposeA, transposeB, alpha, this.#scratch);
  }

  /** `out[i][j] = x[i][j] + bias[i]`. */
  addBias(x: JsTensor, bias: JsTensor, out: JsTensor): void {
    const action = "Cannot add bias";
    const X = own(x, action);
    const B = own(bias, action);
    const O = own(out, action);
    expectShape(action, "bias", bias, x.rows, 1);
    expectShape(action, "out", out, x.rows, x.cols);
    for (let i = 0; i < x.rows; i++) {
      for (let j = i * x.cols; j < (i + 1) * x.cols; j++) O[j] = X[j] + B[i];
    }
  }

  /** `out = max(z, 0)`. */
  relu(z: JsTensor, out: JsTensor): void {
    const action = "Cannot apply ReLU";
    const Z = own(z, action);
    const O = own(out, action);
    expectSameShape(action, z, out, ["z", "out"]);
    for (let e = 0; e < Z.length; e++) O[e] = Z[e] > 0 ? Z[e] : 0;
  }

  /** `out = grad` where `z > 0`, else 0. */
  reluMask(grad: JsTensor, z: JsTensor, out: JsTensor): void {
    const action = "Cannot mask by ReLU′";
    const G = own(grad, action);
    const Z = own(z, action);
    const O = own(out, action);
    expectSameShape(action, grad, z, ["grad", "z"]);
    expectShape(action, "out", out, z.rows, z.cols);
    for (let e = 0; e < Z.length; e++) O[e] = Z[e] > 0 ? G[e] : 0;
  }

  /** Column-wise softmax. */
  softmax(z: JsTensor, out: JsTensor): void {
    const action = "Cannot apply softmax";
    const Z = own(z, action);
    const O = own(out, action);
    expectSameShape(action, z, out, ["z", "out"]);
    const { rows, cols } = z;
    for (let j = 0; j < cols; j++) {
      // Subtracting the column's maximum leaves softmax unchanged and keeps
      // every exponent ≤ 0, so exp never overflows.
      let max = -Infinity;
      for (let i = 0; i < rows; i++) max = Math.max(max, Z[i * cols + j]);
      let sum = 0;
      for (let i = 0; i < rows; i++) {
        const e = Math.exp(Z[i * cols + j] - max);
        O[i * cols + j] = e;
        sum += e;
      }
      for (let i = 0; i < rows; i++) O[i * cols + j] /= sum;
    }
  }

  /** `out = probs − onehot(labels)`. */
  softmaxCrossEntropyGrad(probs: JsTensor, labels: JsTensor, out: JsTensor): void {
    const action = "Cannot compute softmax cross-entropy gradient";
    const P = own(probs, action);
    const L = own(labels, action);
    const O = own(out, action);
    expectShape(action, "labels", labels, 1, probs.cols);
    expectShape(action, "out", out, probs.rows, probs.cols);
    const { rows, cols } = probs;
    for (let j = 0; j < cols; j++) labelAt(L[j], j, rows);
    O.set(P);
    for (let j = 0; j < cols; j++) O[L[j] * cols + j] -= 1;
  }

  /** `out[i] = scale · Σⱼ x[i][j]`. */
  rowSum(x: JsTensor, out: JsTensor, scale = 1): void {
    const action = "Cannot sum rows";
    const X = own(x, action);
    const O = own(out, action);
    expectShape(action, "out", out, x.rows, 1);
    for (let i = 0; i < x.rows; i++) {
      let sum = 0;
      for (let j = i * x.cols; j < (i + 1) * x.cols; j++) sum += X[j];
      O[i] = scale * sum;
    }
  }

  /** `out = a + alpha · b`. */
  scaledAdd(a: JsTensor, b: JsTensor, alpha: number, out: JsTensor): void {
    const action = "Cannot add scaled";
    const A = own(a, action);
    const B = own(b, action);
    const O = own(out, action);
    expectSameShape(action, a, b);
    expectShape(action, "out", out, a.rows, a.cols);
    for (let e = 0; e < A.length; e++) O[e] = A[e] + alpha * B[e];
  }

  /** `out[j]` = index of column j's largest value. */
  argmax(x: JsTensor, out: JsTensor): void {
    const action = "Cannot take argmax";
    const X = own(x, action);
    const O = own(out, action);
    expectShape(action, "out", out, 1, x.cols);
    const { rows, cols } = x;
    for (let j = 0; j < cols; j++) {
      let best = 0;
      for (let i = 1; i < rows; i++) if (X[i * cols + j] > X[best * cols + j]) best = i;
      O[j] = best;
    }
  }

  /** `out = mean −log(max(probs[label], floor))`. */
  crossEntropy(probs: JsTensor, labels: JsTensor, out: JsTensor): void {
    const action = "Cannot compute cross-entropy";
    const P = own(probs, action);
    const L = own(labels, action);
    const O = own(out, action);
    expectShape(action, "labels", labels, 1, probs.cols);
    expectShape(action, "out", out, 1, 1);
    const { rows, cols } = probs;
    let total = 0;
    for (let j = 0; j < cols; j++) {
      const label = labelAt(L[j], j, rows);
      total -= Math.log(Math.max(P[label * cols + j], PROBABILITY_FLOOR));
    }
    O[0] = total / cols;
  }
}

/** Returns a tensor's data after checking this backend made it and it is live. */
function own(tensor: Tensor, action: string): Float32Array {
  if (!(tensor instanceof JsTensor)) {
    throw new TypeError(`${action}: the tensor was not created by the js backend`);
  }
  if (tensor.disposed) throw new TypeError(`${action}: the tensor was disposed`);
  return tensor.data;
}
