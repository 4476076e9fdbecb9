import type { Backend, Tensor, WindowGeometry } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectCount, expectOnly } from "./_spec_fields.ts";
import { type Shape, shapeSize } from "./shape.ts";
import { windowsOver } from "./_windows.ts";

/**
 * An average-pooling layer's spec: the mean of each `size` x `size`
 * window, windows `stride` apart.
 *
 * @example
 * ```ts
 * import { avgPool2d, type AvgPool2dSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: AvgPool2dSpec = avgPool2d(2);
 * assert.equal(spec.stride, 2);
 * ```
 */
export type AvgPool2dSpec = {
  readonly type: "avgPool2d";
  /** k: the window's side. */
  readonly size: number;
  /** s: how far apart the windows start (k: windows that tile the image). */
  readonly stride: number;
};

/**
 * Average-pooling over each channel of a C x H x W image (Keras's
 * `AveragePooling2D`): `size` x `size` windows, `stride` apart (default
 * `size`), each replaced by the mean of its pixels. Only windows wholly
 * inside the image count, so every mean is over k·k pixels.
 *
 * @param size k, the window's side.
 * @param stride s, the step between windows (default k).
 * @returns The spec.
 * @throws {RangeError} If a size is not a positive integer.
 *
 * @example
 * ```ts
 * import { avgPool2d } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(avgPool2d(2), { type: "avgPool2d", size: 2, stride: 2 });
 * assert.throws(() => avgPool2d(2, 0), /stride must be a positive integer/);
 * ```
 */
export function avgPool2d(size: number, stride: number = size): AvgPool2dSpec {
  for (const [name, value] of [["size", size], ["stride", stride]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `Cannot make avgPool2d(${size}, ${stride}): ${name} must be a positive integer, got ${value}`,
      );
    }
  }
  return { type: "avgPool2d", size, stride };
}

/**
 * Average-pooling on a backend, as a convolution whose filters are fixed:
 * `im2col` lays every window out as a column (see {@linkcode Conv2d}), and
 * one product with `M`, the C x (C·k·k) matrix whose row c holds 1/k² over
 * channel c's k·k entries and 0 elsewhere, takes each window's mean:
 *
 * ```text
 * forward:   cols  = im2col(X)         (C·k·k) x (P·m)
 *            A     = reshape(M·cols)    (C·P) x m: A[c][p][n] = Σ_{i,j} X[c][p's window (i, j)][n] / k²
 * backward:  dcols = Mᵀ·reshape(dA)     each window's dA / k² on each of its k·k entries
 *            dX    = col2im(dcols)      added back to the pixels, overlapping windows summed
 * ```
 *
 * The product spends C times the arithmetic a direct loop would (M is
 * mostly zeros), a small price beside the convolutions around it, for no
 * op of its own in the backends.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example 2x2 average-pooling of a 4x4 image
 * ```ts
 * import { avgPool2d, flatten, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [pool] = new Sequential(backend, [avgPool2d(2), flatten()], { input: [1, 4, 4] }).layers;
 * const x = backend.create(16, 1);
 * backend.upload(x, [1, 2, 0, 0, 3, 4, 0, 8, 8, 0, 1, 1, 0, 0, 1, 1]);
 * assert.deepEqual([...await backend.download(pool.forward(x, true))], [2.5, 2, 2, 1]);
 * ```
 */
export class AvgPool2d<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: AvgPool2dSpec;
  /** `[C, H, W]`. */
  readonly inputShape: Shape;
  /** `[C, H′, W′]`. */
  readonly outputShape: Shape;
  /** Where the windows lie. */
  readonly geometry: WindowGeometry;
  readonly #backend: Backend<T>;
  readonly #inputGradient: boolean;
  /** `M`, C x (C·k·k): 1/k² on each channel's own window entries. */
  readonly #M: T;
  readonly #buffers = new Map<number, { cols: T; Zc: T; A: T; dX?: T }>();
  #forwarded: { cols: T; Zc: T; A: T; dX?: T } | undefined;

  /**
   * Creates the layer and its averaging matrix; its buffers are made per batch size on first use.
   *
   * @param spec The window's size and stride.
   * @param context The backend, the input shape, and whether to return `dX`.
   */
  constructor(spec: AvgPool2dSpec, context: BuildContext<T>) {
    this.spec = spec;
    this.#backend = context.backend;
    this.#inputGradient = context.inputGradient;
    this.inputShape = context.input;
    this.geometry = poolGeometry(spec, context.input);
    const { channels: C, kernel: k, outHeight, outWidth } = this.geometry;
    this.outputShape = [C, outHeight, outWidth];
    const window = k * k;
    const M = new Float32Array(C * C * window);
    for (let c = 0; c < C; c++) M.fill(1 / window, (c * C + c) * window, (c * C + c + 1) * window);
    this.#M = this.#backend.create(C, C * window);
    this.#backend.upload(this.#M, M);
  }

  /** `A = reshape(M·im2col(X))`. */
  forward(X: T): T {
    const buffers = this.#buffersFor(X.cols);
    const b = this.#backend;
    b.im2col(X, this.geometry, buffers.cols);
    b.matmul(this.#M, buffers.cols, buffers.Zc);
    b.reshape(buffers.Zc, buffers.A);
    this.#forwarded = buffers;
    return buffers.A;
  }

  /** `dX = col2im(Mᵀ·reshape(dA))`. */
  backward(dA: T): T | undefined {
    const buffers = this.#forwarded;
    if (buffers === undefined || buffers.A.cols !== dA.cols) {
      throw new TypeError(
        `Cannot run ${AVG_POOL_2D.describe(this.spec)} backward: run forward first`,
      );
    }
    if (!this.#inputGradient) return undefined;
    const b = this.#backend;
    const { cols: dcols, Zc: dZc } = buffers;
    b.reshape(dA, dZc);
    b.matmul(this.#M, dZc, dcols, { transposeA: true });
    buffers.dX ??= b.create(shapeSize(this.inputShape), dA.cols);
    b.col2im(dcols, this.geometry, buffers.dX);
    this.#forwarded = undefined; // cols and Zc now hold gradients
    return buffers.dX;
  }

  /** None. */
  params(): readonly Param<T>[] {
    return [];
  }

  /** Frees the averaging matrix and the batch buffers. */
  dispose(): void {
    for (const { cols, Zc, A, dX } of this.#buffers.values()) {
      for (const tensor of [cols, Zc, A, dX]) {
        if (tensor !== undefined) this.#backend.dispose(tensor);
      }
    }
    this.#buffers.clear();
    this.#backend.dispose(this.#M);
    this.#forwarded = undefined;
  }

  #buffersFor(m: number): { cols: T; Zc: T; A: T; dX?: T } {
    let buffers = this.#buffers.get(m);
    if (buffers === undefined) {
      const b = this.#backend;
      const { channels: C, kernel: k, outHeight, outWidth } = this.geometry;
      const P = outHeight * outWidth;
      buffers = { cols: b.create(C * k * k, P * m), Zc: b.create(C, P * m), A: b.create(C * P, m) };
      this.#buffers.set(m, buffers);
    }
    return buffers;
  }
}

/** Where the windows of a pooling lie over an image of shape `input`. */
function poolGeometry(spec: AvgPool2dSpec, input: Shape): WindowGeometry {
  return windowsOver(input, spec.size, { stride: spec.stride, padding: "valid", what: "window" });
}

/**
 * The `avgPool2d` layer type: no parameters.
 *
 * @example
 * ```ts
 * import { AVG_POOL_2D, avgPool2d } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(AVG_POOL_2D.outputShape(avgPool2d(2), [16, 24, 24]), [16, 12, 12]);
 * assert.throws(() => AVG_POOL_2D.outputShape(avgPool2d(5), [32, 4, 4]), /window is larger than the 4x4 image/);
 * ```
 */
export const AVG_POOL_2D: LayerType<AvgPool2dSpec> = {
  type: "avgPool2d",
  parse(json) {
    expectOnly(json, ["size", "stride"]);
    const size = expectCount(json, "size");
    return avgPool2d(size, expectCount(json, "stride", size));
  },
  outputShape(spec, input) {
    const g = poolGeometry(spec, input);
    return [g.channels, g.outHeight, g.outWidth];
  },
  params: () => [],
  describe: (spec) =>
    `avgPool2d(${spec.size}${spec.stride === spec.size ? "" : `, ${spec.stride}`})`,
  floatsPerSample(spec, input) {
    const { channels: C, kernel: k, outHeight, outWidth } = poolGeometry(spec, input);
    // cols (later dcols), Zc and A, then dX.
    return (C * k * k + 2 * C) * outHeight * outWidth + shapeSize(input);
  },
  build: (spec, context) => new AvgPool2d(spec, context),
};
