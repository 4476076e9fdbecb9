import type { Activation } from "./activation.ts";
import type { PixelImages } from "./pixel_images.ts";
import type { Tensor } from "./tensor.ts";
import type { WindowGeometry } from "./window_geometry.ts";

/**
 * Options of {@linkcode Backend.matmul}: `out = alpha · op(a) · op(b)`, where
 * `op(x)` is `xᵀ` when its transpose flag is set.
 *
 * @example
 * ```ts
 * import type { MatmulOptions } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * // dW1 = dZ1·Xᵀ / m
 * const options: MatmulOptions = { transposeB: true, alpha: 1 / 41_000 };
 * assert.equal(options.transposeA, undefined);
 * ```
 */
export interface MatmulOptions {
  /** Use `aᵀ` in place of `a` (default false). */
  readonly transposeA?: boolean;
  /** Use `bᵀ` in place of `b` (default false). */
  readonly transposeB?: boolean;
  /** Scale applied to the product (default 1). */
  readonly alpha?: number;
}

/**
 * A compute backend: it owns its tensors and runs the few ops a layered net
 * needs for its forward pass, backward pass, update rules and evaluation.
 *
 * Every op is destination-passing: inputs come first, then `out`, a tensor
 * the caller allocated with {@linkcode Backend.create}, which the op
 * overwrites. A training iteration therefore allocates nothing once its
 * buffers exist. Element-wise ops may write in place (`out` may be one of
 * their inputs); {@linkcode Backend.matmul} may not.
 *
 * Labels travel as a `1 x m` tensor holding class indices (0, 1, 2, …) as
 * floats. Samples are columns, as in the seed's equations.
 *
 * Shapes are checked on every call, by the op's check in
 * `OP_CHECKS`: a mismatch throws a `TypeError` naming both
 * shapes; an out-of-range label throws a `RangeError`.
 *
 * @typeParam T The backend's own tensor type.
 *
 * @example A backend is used only through this interface
 * ```ts
 * import type { Backend, Tensor } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * async function hidden<T extends Tensor>(backend: Backend<T>, w: T, x: T): Promise<Float32Array> {
 *   const z = backend.create(w.rows, x.cols);
 *   backend.matmul(w, x, z);
 *   backend.activate(z, z, "relu");
 *   const values = await backend.download(z);
 *   backend.dispose(z);
 *   return values;
 * }
 * assert.equal(typeof hidden, "function");
 * ```
 */
export interface Backend<T extends Tensor = Tensor> {
  /** The name the backend is registered and chosen under, e.g. `"js"`. */
  readonly name: string;

  /**
   * Allocates a `rows x cols` tensor filled with zeros.
   * @throws {RangeError} If a dimension is not a positive integer.
   */
  create(rows: number, cols: number): T;
  /**
   * Copies row-major `values` (length `rows · cols`) into `dst`.
   * @throws {TypeError} If the length does not match the shape.
   */
  upload(dst: T, values: ArrayLike<number>): void;
  /** Copies a tensor's values out, row-major; asynchronous so that GPU and worker backends fit. */
  download(src: T): Promise<Float32Array>;
  /** Frees a tensor's memory; the tensor must not be used afterwards. */
  dispose(tensor: T): void;

  /** `out = alpha · op(a) · op(b)` (see {@linkcode MatmulOptions}); `out` must not be `a` or `b`. */
  matmul(a: T, b: T, out: T, options?: MatmulOptions): void;
  /** `out[i][j] = x[i][j] + bias[i][0]`: a column of biases added to every column of `x`. */
  addBias(x: T, bias: T, out: T): void;
  /** `out = g(z)`, element-wise, for the {@linkcode Activation} `g`. */
  activate(z: T, out: T, activation: Activation): void;
  /** `out = grad ⊙ g′(z)`: the gradient through the activation `g`, from its input `z`. */
  activateGrad(grad: T, z: T, out: T, activation: Activation): void;
  /** Column-wise softmax, shifted by each column's maximum so that large logits stay finite. */
  softmax(z: T, out: T): void;
  /** `out = probs − onehot(labels)`: the gradient of softmax cross-entropy with respect to the logits. */
  softmaxCrossEntropyGrad(probs: T, labels: T, out: T): void;
  /** `out[i][0] = scale · Σⱼ x[i][j]` (scale defaults to 1). */
  rowSum(x: T, out: T, scale?: number): void;
  /** `out = alpha · x + beta · y`, element-wise: `W := W − α·dW` is `axpby(1, W, −α, dW, W)`. */
  axpby(alpha: number, x: T, beta: number, y: T, out: T): void;
  /** `out = a ⊙ b`, element-wise. */
  mul(a: T, b: T, out: T): void;
  /** `out = a / (√v + epsilon)`, element-wise: the step of RMSprop and Adam; `v` must be ≥ 0. */
  divSqrt(a: T, v: T, epsilon: number, out: T): void;
  /** `out[0][0] = Σ x²` over every element: the L2 penalty's sum. */
  sumSquares(x: T, out: T): void;
  /** `out[0][j]` = the row index of column `j`'s largest value (the first one on ties). */
  argmax(x: T, out: T): void;
  /** `out[0][0]` = mean over columns of `−log probs[label][j]`, with probabilities clamped to at least {@linkcode PROBABILITY_FLOOR}. */
  crossEntropy(probs: T, labels: T, out: T): void;

  // The ops of convolutional nets. Image batches are `(C·H·W) x m` (see
  // {@linkcode WindowGeometry}); `out` is never one of the inputs.

  /**
   * Lays every window of `x` out as a column, so that a convolution is one
   * product `W · cols`: `out` is `(C·k·k) x (H′·W′·m)` and
   * `out[(c·k + i)·k + j][(oy·W′ + ox)·m + n] = x[c·H·W + (oy·s + i − pad)·W + (ox·s + j − pad)][n]`,
   * or 0 where that pixel is outside the image. Columns are pixel-major,
   * sample-minor, so `W · cols` (F x (H′·W′·m)) holds, row-major, the
   * `(F·H′·W′) x m` image batch of the F output channels (see {@linkcode Backend.reshape}).
   */
  im2col(x: T, geometry: WindowGeometry, out: T): void;
  /**
   * The adjoint of {@linkcode Backend.im2col}: `out` (`(C·H·W) x m`) is
   * overwritten with the sum of every entry of `cols` added back to the pixel
   * it was read from (entries that read padding are dropped): the gradient
   * of a convolution's input.
   */
  col2im(cols: T, geometry: WindowGeometry, out: T): void;
  /**
   * `out[(c·H′ + oy)·W′ + ox][n]` = the largest in-image pixel of window
   * (oy, ox) of channel c (padding never wins); `out` is `(C·H′·W′) x m`.
   */
  maxPool(x: T, geometry: WindowGeometry, out: T): void;
  /**
   * The gradient through {@linkcode Backend.maxPool}: `out` (the shape of
   * its input `x`) is zeroed, then each window's `grad` is added at the
   * window's first largest pixel in row-major window order (the first on
   * ties), so overlapping windows add up.
   */
  maxPoolGrad(grad: T, x: T, geometry: WindowGeometry, out: T): void;
  /**
   * Copies `src`'s values, row-major, into `out` of any shape holding as
   * many (`rows · cols` equal): e.g. `F x (P·m)` into `(F·P) x m`.
   */
  reshape(src: T, out: T): void;
  /**
   * Uploads a batch straight from bytes: column `j` of `dst` (`features x
   * indices.length`) is image `indices[j]` of `images`, each byte `p`
   * stored as `PIXEL_VALUES[p]` (`p / 255` in float32), so the
   * result is bit for bit what {@linkcode Backend.upload} stores from those
   * values, and the gathering and scaling happen inside the backend.
   * @throws {TypeError} If `dst` is not `images.features x indices.length`, or the buffer is not `count · features` bytes.
   * @throws {RangeError} If an index is not an integer in `[0, images.count)`.
   */
  uploadPixels(dst: T, images: PixelImages, indices: ArrayLike<number>): void;
}

/**
 * The smallest probability {@linkcode Backend.crossEntropy} takes the log of:
 * a zero probability costs `−log(1e-7) ≈ 16.1`, not infinity.
 *
 * @example
 * ```ts
 * import { PROBABILITY_FLOOR } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.ok(-Math.log(PROBABILITY_FLOOR) < 17);
 * ```
 */
export const PROBABILITY_FLOOR = 1e-7;

/**
 * The names of a backend's methods, memory calls included (everything but
 * `name`). The conformance suite keys its cases by this type, and `OP_CHECKS`
 * by {@linkcode CheckedOp} (these less `download` and `dispose`), so a method
 * added to {@linkcode Backend} without its cases and its check does not compile.
 *
 * @example
 * ```ts
 * import type { BackendOp } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const op: BackendOp = "softmax";
 * assert.equal(op, "softmax");
 * ```
 */
export type BackendOp = Exclude<keyof Backend, "name">;
