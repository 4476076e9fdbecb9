import type { Activation, Backend, MatmulOptions, Tensor } from "@simple-mnist/backend";
import * as ops from "./float32_ops.ts";

/**
 * What a CPU backend shares: tensors whose values are one contiguous
 * `Float32Array` (`data`), and every op but the products computed by the
 * plain loops of this package over that memory. A backend extends it,
 * writes its memory calls, its `matmul` and the `prepare` check, and
 * overrides only the ops it makes faster. A new element-wise op is then one
 * function here and one method below, for every CPU backend at once.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example A backend over plain arrays in a few lines
 * ```ts
 * import { Float32Backend, matmul } from "@simple-mnist/cpu";
 * import type { MatmulOptions } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * type Plain = { rows: number; cols: number; data: Float32Array };
 * class PlainBackend extends Float32Backend<Plain> {
 *   readonly name = "plain";
 *   create(rows: number, cols: number): Plain {
 *     return { rows, cols, data: new Float32Array(rows * cols) };
 *   }
 *   upload(dst: Plain, values: ArrayLike<number>): void {
 *     dst.data.set(values);
 *   }
 *   download(src: Plain): Promise<Float32Array> {
 *     return Promise.resolve(src.data.slice());
 *   }
 *   dispose(): void {}
 *   matmul(a: Plain, b: Plain, out: Plain, options?: MatmulOptions): void {
 *     matmul(a, b, out, options);
 *   }
 *   protected prepare(): void {}
 * }
 * const backend = new PlainBackend();
 * const z = backend.create(1, 2);
 * backend.upload(z, [-1, 1]);
 * backend.activate(z, z, "relu");
 * assert.deepEqual([...await backend.download(z)], [0, 1]);
 * ```
 */
export abstract class Float32Backend<T extends Tensor & ops.Float32Matrix> implements Backend<T> {
  /** The name the backend is registered under. */
  abstract readonly name: string;
  /** Allocates a zero-filled tensor. */
  abstract create(rows: number, cols: number): T;
  /** Copies row-major values in. */
  abstract upload(dst: T, values: ArrayLike<number>): void;
  /** Copies the values out. */
  abstract download(src: T): Promise<Float32Array>;
  /** Frees a tensor. */
  abstract dispose(tensor: T): void;
  /** `out = alpha · op(a) · op(b)`. */
  abstract matmul(a: T, b: T, out: T, options?: MatmulOptions): void;

  /**
   * Called before every shared op with the tensor it writes and those it
   * reads: checks that the backend made them and that they are live, and
   * drops whatever the backend keeps about `out`'s old values.
   *
   * @param op The op's name, for error messages.
   * @param out The tensor the op overwrites.
   * @param inputs The tensors it reads.
   * @throws {TypeError} If a tensor is foreign or disposed.
   */
  protected abstract prepare(op: string, out: T, ...inputs: T[]): void;

  /** `out[i][j] = x[i][j] + bias[i]`. */
  addBias(x: T, bias: T, out: T): void {
    this.prepare("addBias", out, x, bias);
    ops.addBias(x, bias, out);
  }

  /** `out = g(z)`. */
  activate(z: T, out: T, activation: Activation): void {
    this.prepare("activate", out, z);
    ops.activate(z, out, activation);
  }

  /** `out = grad ⊙ g′(z)`. */
  activateGrad(grad: T, z: T, out: T, activation: Activation): void {
    this.prepare("activateGrad", out, grad, z);
    ops.activateGrad(grad, z, out, activation);
  }

  /** Column-wise softmax, shifted by each column's maximum. */
  softmax(z: T, out: T): void {
    this.prepare("softmax", out, z);
    ops.softmax(z, out);
  }

  /** `out = probs − onehot(labels)`. */
  softmaxCrossEntropyGrad(probs: T, labels: T, out: T): void {
    this.prepare("softmaxCrossEntropyGrad", out, probs, labels);
    ops.softmaxCrossEntropyGrad(probs, labels, out);
  }

  /** `out[i] = scale · Σⱼ x[i][j]`. */
  rowSum(x: T, out: T, scale = 1): void {
    this.prepare("rowSum", out, x);
    ops.rowSum(x, out, scale);
  }

  /** `out = alpha · x + beta · y`. */
  axpby(alpha: number, x: T, beta: number, y: T, out: T): void {
    this.prepare("axpby", out, x, y);
    ops.axpby(alpha, x, beta, y, out);
  }

  /** `out = a ⊙ b`. */
  mul(a: T, b: T, out: T): void {
    this.prepare("mul", out, a, b);
    ops.mul(a, b, out);
  }

  /** `out = a / (√v + epsilon)`. */
  divSqrt(a: T, v: T, epsilon: number, out: T): void {
    this.prepare("divSqrt", out, a, v);
    ops.divSqrt(a, v, epsilon, out);
  }

  /** `out[0][0] = Σ x²`. */
  sumSquares(x: T, out: T): void {
    this.prepare("sumSquares", out, x);
    ops.sumSquares(x, out);
  }

  /** `out[j]` = the first row holding column j's largest value. */
  argmax(x: T, out: T): void {
    this.prepare("argmax", out, x);
    ops.argmax(x, out);
  }

  /** `out = mean −log(max(probs[label], floor))`. */
  crossEntropy(probs: T, labels: T, out: T): void {
    this.prepare("crossEntropy", out, probs, labels);
    ops.crossEntropy(probs, labels, out);
  }
}
