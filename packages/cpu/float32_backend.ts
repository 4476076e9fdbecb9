import {
  type Activation,
  type Backend,
  type MatmulOptions,
  OP_CHECKS,
  type PixelImages,
  type Tensor,
  type WindowGeometry,
} from "@simple-mnist/backend";
import * as ops from "./float32_ops.ts";
import * as windows from "./window_ops.ts";
import { gatherPixels } from "./gather_pixels.ts";

/**
 * What a CPU backend shares: tensors whose values are one contiguous
 * `Float32Array` (`data`), and every op but the products computed by the
 * plain loops of this package over that memory. A backend extends it,
 * writes its memory calls, its product (`matmulKernel`) and the `prepare`
 * check, and overrides only the kernels it makes faster. A new element-wise
 * op is then one function here and one method below, for every CPU backend
 * at once.
 *
 * Each public op runs `prepare`, then the op's check from
 * `@simple-mnist/backend`'s `OP_CHECKS`, then its protected kernel
 * (`addBiasKernel`, …), so a backend that overrides a kernel cannot skip
 * the check, and every backend refuses a bad call with the same words.
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
 *   protected matmulKernel(a: Plain, b: Plain, out: Plain, options: MatmulOptions): void {
 *     matmul(a, b, out, options);
 *   }
 *   protected prepare(): void {}
 * }
 * const backend = new PlainBackend();
 * const z = backend.create(1, 2);
 * backend.upload(z, [-1, 1]);
 * backend.activate(z, z, "relu");
 * assert.deepEqual([...await backend.download(z)], [0, 1]);
 * assert.throws(() => backend.activate(z, backend.create(2, 1), "relu"), {
 *   message: "Cannot apply the activation: z is 1x2 but out is 2x1",
 * });
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

  /**
   * Called before every op but the memory calls with the tensor it writes
   * and those it reads: checks that the backend made them and that they are
   * live, and drops whatever the backend keeps about `out`'s old values.
   *
   * @param op The op's name, for error messages.
   * @param out The tensor the op overwrites.
   * @param inputs The tensors it reads.
   * @throws {TypeError} If a tensor is foreign or disposed.
   */
  protected abstract prepare(op: string, out: T, ...inputs: T[]): void;

  /** `out = alpha · op(a) · op(b)` (see {@linkcode Float32Backend.matmulKernel}). */
  matmul(a: T, b: T, out: T, options: MatmulOptions = {}): void {
    this.prepare("matmul", out, a, b);
    OP_CHECKS.matmul(a, b, out, options);
    this.matmulKernel(a, b, out, options);
  }

  /**
   * The backend's product, `out = alpha · op(a) · op(b)`, called once the
   * operands are checked: `out` is `op(a).rows x op(b).cols`, and is
   * neither `a` nor `b`.
   */
  protected abstract matmulKernel(a: T, b: T, out: T, options: MatmulOptions): void;

  /** `out[i][j] = x[i][j] + bias[i]`. */
  addBias(x: T, bias: T, out: T): void {
    this.prepare("addBias", out, x, bias);
    OP_CHECKS.addBias(x, bias, out);
    this.addBiasKernel(x, bias, out);
  }

  /** {@linkcode Float32Backend.addBias} once checked: the plain loop unless overridden. */
  protected addBiasKernel(x: T, bias: T, out: T): void {
    ops.addBias(x, bias, out);
  }

  /** `out = g(z)`. */
  activate(z: T, out: T, activation: Activation): void {
    this.prepare("activate", out, z);
    OP_CHECKS.activate(z, out, activation);
    this.activateKernel(z, out, activation);
  }

  /** {@linkcode Float32Backend.activate} once checked: the plain loop unless overridden. */
  protected activateKernel(z: T, out: T, activation: Activation): void {
    ops.activate(z, out, activation);
  }

  /** `out = grad ⊙ g′(z)`. */
  activateGrad(grad: T, z: T, out: T, activation: Activation): void {
    this.prepare("activateGrad", out, grad, z);
    OP_CHECKS.activateGrad(grad, z, out, activation);
    this.activateGradKernel(grad, z, out, activation);
  }

  /** {@linkcode Float32Backend.activateGrad} once checked: the plain loop unless overridden. */
  protected activateGradKernel(grad: T, z: T, out: T, activation: Activation): void {
    ops.activateGrad(grad, z, out, activation);
  }

  /** Column-wise softmax, shifted by each column's maximum. */
  softmax(z: T, out: T): void {
    this.prepare("softmax", out, z);
    OP_CHECKS.softmax(z, out);
    this.softmaxKernel(z, out);
  }

  /** {@linkcode Float32Backend.softmax} once checked: the plain loop unless overridden. */
  protected softmaxKernel(z: T, out: T): void {
    ops.softmax(z, out);
  }

  /** `out = probs − onehot(labels)`. */
  softmaxCrossEntropyGrad(probs: T, labels: T, out: T): void {
    this.prepare("softmaxCrossEntropyGrad", out, probs, labels);
    OP_CHECKS.softmaxCrossEntropyGrad(probs, labels, out);
    this.softmaxCrossEntropyGradKernel(probs, labels, out);
  }

  /**
   * {@linkcode Float32Backend.softmaxCrossEntropyGrad} once its shapes are
   * checked: the plain loop unless overridden (it checks the labels' values).
   */
  protected softmaxCrossEntropyGradKernel(probs: T, labels: T, out: T): void {
    ops.softmaxCrossEntropyGrad(probs, labels, out);
  }

  /** `out[i] = scale · Σⱼ x[i][j]`. */
  rowSum(x: T, out: T, scale = 1): void {
    this.prepare("rowSum", out, x);
    OP_CHECKS.rowSum(x, out);
    this.rowSumKernel(x, out, scale);
  }

  /** {@linkcode Float32Backend.rowSum} once checked: the plain loop unless overridden. */
  protected rowSumKernel(x: T, out: T, scale: number): void {
    ops.rowSum(x, out, scale);
  }

  /** `out = alpha · x + beta · y`. */
  axpby(alpha: number, x: T, beta: number, y: T, out: T): void {
    this.prepare("axpby", out, x, y);
    OP_CHECKS.axpby(alpha, x, beta, y, out);
    this.axpbyKernel(alpha, x, beta, y, out);
  }

  /** {@linkcode Float32Backend.axpby} once checked: the plain loop unless overridden. */
  protected axpbyKernel(alpha: number, x: T, beta: number, y: T, out: T): void {
    ops.axpby(alpha, x, beta, y, out);
  }

  /** `out = a ⊙ b`. */
  mul(a: T, b: T, out: T): void {
    this.prepare("mul", out, a, b);
    OP_CHECKS.mul(a, b, out);
    this.mulKernel(a, b, out);
  }

  /** {@linkcode Float32Backend.mul} once checked: the plain loop unless overridden. */
  protected mulKernel(a: T, b: T, out: T): void {
    ops.mul(a, b, out);
  }

  /** `out = a / (√v + epsilon)`. */
  divSqrt(a: T, v: T, epsilon: number, out: T): void {
    this.prepare("divSqrt", out, a, v);
    OP_CHECKS.divSqrt(a, v, epsilon, out);
    this.divSqrtKernel(a, v, epsilon, out);
  }

  /** {@linkcode Float32Backend.divSqrt} once checked: the plain loop unless overridden. */
  protected divSqrtKernel(a: T, v: T, epsilon: number, out: T): void {
    ops.divSqrt(a, v, epsilon, out);
  }

  /** `out[0][0] = Σ x²`. */
  sumSquares(x: T, out: T): void {
    this.prepare("sumSquares", out, x);
    OP_CHECKS.sumSquares(x, out);
    this.sumSquaresKernel(x, out);
  }

  /** {@linkcode Float32Backend.sumSquares} once checked: the plain loop unless overridden. */
  protected sumSquaresKernel(x: T, out: T): void {
    ops.sumSquares(x, out);
  }

  /** `out[j]` = the first row holding column j's largest value. */
  argmax(x: T, out: T): void {
    this.prepare("argmax", out, x);
    OP_CHECKS.argmax(x, out);
    this.argmaxKernel(x, out);
  }

  /** {@linkcode Float32Backend.argmax} once checked: the plain loop unless overridden. */
  protected argmaxKernel(x: T, out: T): void {
    ops.argmax(x, out);
  }

  /** `out = mean −log(max(probs[label], floor))`. */
  crossEntropy(probs: T, labels: T, out: T): void {
    this.prepare("crossEntropy", out, probs, labels);
    OP_CHECKS.crossEntropy(probs, labels, out);
    this.crossEntropyKernel(probs, labels, out);
  }

  /**
   * {@linkcode Float32Backend.crossEntropy} once its shapes are checked:
   * the plain loop unless overridden (it checks the labels' values).
   */
  protected crossEntropyKernel(probs: T, labels: T, out: T): void {
    ops.crossEntropy(probs, labels, out);
  }

  // The ops of convolutional nets (see `window_ops.ts`).

  /** Each window of `x` as a column of `out` (see `Backend.im2col`). */
  im2col(x: T, geometry: WindowGeometry, out: T): void {
    this.prepare("im2col", out, x);
    OP_CHECKS.im2col(x, geometry, out);
    this.im2colKernel(x, geometry, out);
  }

  /** {@linkcode Float32Backend.im2col} once checked: the plain loop unless overridden. */
  protected im2colKernel(x: T, geometry: WindowGeometry, out: T): void {
    windows.im2col(x, geometry, out);
  }

  /** The columns added back to their pixels (see `Backend.col2im`). */
  col2im(cols: T, geometry: WindowGeometry, out: T): void {
    this.prepare("col2im", out, cols);
    OP_CHECKS.col2im(cols, geometry, out);
    this.col2imKernel(cols, geometry, out);
  }

  /** {@linkcode Float32Backend.col2im} once checked: the plain loop unless overridden. */
  protected col2imKernel(cols: T, geometry: WindowGeometry, out: T): void {
    windows.col2im(cols, geometry, out);
  }

  /** The largest in-image pixel of each window (see `Backend.maxPool`). */
  maxPool(x: T, geometry: WindowGeometry, out: T): void {
    this.prepare("maxPool", out, x);
    OP_CHECKS.maxPool(x, geometry, out);
    this.maxPoolKernel(x, geometry, out);
  }

  /** {@linkcode Float32Backend.maxPool} once checked: the plain loop unless overridden. */
  protected maxPoolKernel(x: T, geometry: WindowGeometry, out: T): void {
    windows.maxPool(x, geometry, out);
  }

  /** Each window's gradient at its first largest pixel (see `Backend.maxPoolGrad`). */
  maxPoolGrad(grad: T, x: T, geometry: WindowGeometry, out: T): void {
    this.prepare("maxPoolGrad", out, grad, x);
    OP_CHECKS.maxPoolGrad(grad, x, geometry, out);
    this.maxPoolGradKernel(grad, x, geometry, out);
  }

  /** {@linkcode Float32Backend.maxPoolGrad} once checked: the plain loop unless overridden. */
  protected maxPoolGradKernel(grad: T, x: T, geometry: WindowGeometry, out: T): void {
    windows.maxPoolGrad(grad, x, geometry, out);
  }

  /** `src`'s values, row-major, in `out`'s shape. */
  reshape(src: T, out: T): void {
    this.prepare("reshape", out, src);
    OP_CHECKS.reshape(src, out);
    this.reshapeKernel(src, out);
  }

  /** {@linkcode Float32Backend.reshape} once checked: a copy unless overridden. */
  protected reshapeKernel(src: T, out: T): void {
    windows.reshape(src, out);
  }

  /** A batch from bytes: column `j` is image `indices[j]`, each byte `p` stored as `p / 255` in float32. */
  uploadPixels(dst: T, images: PixelImages, indices: ArrayLike<number>): void {
    OP_CHECKS.uploadPixels(dst, images, indices);
    this.uploadPixelsKernel(dst, images, indices);
  }

  /**
   * {@linkcode Float32Backend.uploadPixels} once checked: `prepare`, then
   * the plain loop (`gatherPixels`) straight into `dst.data`, unless
   * overridden (a backend that indexes its uploads does it here too).
   */
  protected uploadPixelsKernel(dst: T, images: PixelImages, indices: ArrayLike<number>): void {
    this.prepare("uploadPixels", dst);
    gatherPixels(images, indices, dst.data);
  }
}
