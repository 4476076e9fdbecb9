import type { Backend, Tensor, WindowGeometry } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectCount, expectOnly } from "./_spec_fields.ts";
import { type Shape, shapeSize } from "./shape.ts";
import { windowsOver } from "./_windows.ts";

/**
 * A max-pooling layer's spec: the largest of each `size` x `size` window,
 * windows `stride` apart.
 *
 * @example
 * ```ts
 * import { maxPool2d, type MaxPool2dSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: MaxPool2dSpec = maxPool2d(2);
 * assert.equal(spec.stride, 2);
 * ```
 */
export type MaxPool2dSpec = {
  readonly type: "maxPool2d";
  /** k: the window's side. */
  readonly size: number;
  /** s: how far apart the windows start (k: windows that tile the image). */
  readonly stride: number;
};

/**
 * Max-pooling over each channel of a C x H x W image (Keras's
 * `MaxPooling2D`): `size` x `size` windows, `stride` apart (default `size`,
 * so they tile the image), each replaced by its largest pixel. Only
 * windows wholly inside the image count: 2x2 pooling of 25x25 gives 12x12.
 *
 * @param size k, the window's side.
 * @param stride s, the step between windows (default k).
 * @returns The spec.
 * @throws {RangeError} If a size is not a positive integer.
 *
 * @example
 * ```ts
 * import { maxPool2d } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(maxPool2d(2), { type: "maxPool2d", size: 2, stride: 2 });
 * assert.deepEqual(maxPool2d(3, 2), { type: "maxPool2d", size: 3, stride: 2 });
 * assert.throws(() => maxPool2d(2, 0), /stride must be a positive integer/);
 * ```
 */
export function maxPool2d(size: number, stride: number = size): MaxPool2dSpec {
  for (const [name, value] of [["size", size], ["stride", stride]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `Cannot make maxPool2d(${size}, ${stride}): ${name} must be a positive integer, got ${value}`,
      );
    }
  }
  return { type: "maxPool2d", size, stride };
}

/**
 * Max-pooling on a backend, samples as columns (an image batch is
 * `(C·H·W) x m`, pixel (c, y, x) in row `c·H·W + y·W + x`). Output pixel
 * (c, oy, ox) is the largest of the window whose top-left corner is
 * (oy·s, ox·s):
 *
 * ```text
 * forward:   A[c][oy][ox]  = max_{i,j < k} X[c][oy·s + i][ox·s + j]
 * backward:  dX[c][y][x]   = Σ over the windows whose first largest pixel is (y, x) of dA[c][oy][ox]
 * ```
 *
 * Only the winner of a window passes its gradient back (the max is flat
 * in every other pixel); a tie goes to the first pixel in row-major window
 * order, and where windows overlap (stride < size) a pixel that wins
 * several adds them up.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example 2x2 pooling of a 4x4 image
 * ```ts
 * import { flatten, maxPool2d, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [pool] = new Sequential(backend, [maxPool2d(2), flatten()], { input: [1, 4, 4] }).layers;
 * const x = backend.create(16, 1);
 * backend.upload(x, [1, 2, 0, 0, 3, 4, 0, 5, 9, 0, 1, 1, 0, 0, 1, 2]);
 * assert.deepEqual([...await backend.download(pool.forward(x, true))], [4, 5, 9, 2]);
 * ```
 */
export class MaxPool2d<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: MaxPool2dSpec;
  /** `[C, H, W]`. */
  readonly inputShape: Shape;
  /** `[C, H′, W′]`. */
  readonly outputShape: Shape;
  /** Where the windows lie. */
  readonly geometry: WindowGeometry;
  readonly #backend: Backend<T>;
  readonly #inputGradient: boolean;
  readonly #buffers = new Map<number, { A: T; dX?: T }>();
  #X: T | undefined;

  /**
   * Creates the layer; its buffers are made per batch size on first use.
   *
   * @param spec The window's size and stride.
   * @param context The backend, the input shape, and whether to return `dX`.
   */
  constructor(spec: MaxPool2dSpec, context: BuildContext<T>) {
    this.spec = spec;
    this.#backend = context.backend;
    this.#inputGradient = context.inputGradient;
    this.inputShape = context.input;
    this.geometry = poolGeometry(spec, context.input);
    this.outputShape = [this.geometry.channels, this.geometry.outHeight, this.geometry.outWidth];
  }

  /** `A = maxPool(X)`. */
  forward(X: T): T {
    const buffers = this.#buffersFor(X.cols);
    this.#backend.maxPool(X, this.geometry, buffers.A);
    this.#X = X;
    return buffers.A;
  }

  /** `dX = maxPoolGrad(dA, X)`: each window's gradient to its winner. */
  backward(dA: T): T | undefined {
    const X = this.#X;
    if (X === undefined || X.cols !== dA.cols) {
      throw new TypeError(
        `Cannot run ${MAX_POOL_2D.describe(this.spec)} backward: run forward first`,
      );
    }
    if (!this.#inputGradient) return undefined;
    const buffers = this.#buffersFor(dA.cols);
    buffers.dX ??= this.#backend.create(X.rows, X.cols);
    this.#backend.maxPoolGrad(dA, X, this.geometry, buffers.dX);
    return buffers.dX;
  }

  /** None. */
  params(): readonly Param<T>[] {
    return [];
  }

  /**
   * Which pixel won each window in the last pass (its index `i·k + j` in
   * the window, modulo 256), found on the host: a probe of the gradient
   * check that changes a winner crosses a kink of the max.
   */
  async kinks(): Promise<Uint8Array> {
    if (this.#X === undefined) return new Uint8Array(0);
    const m = this.#X.cols;
    const x = await this.#backend.download(this.#X);
    const { channels: C, height: H, width: W, kernel: k, stride: s } = this.geometry;
    const { outHeight, outWidth } = this.geometry;
    const winners = new Uint8Array(C * outHeight * outWidth * m);
    let o = 0;
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          for (let n = 0; n < m; n++, o++) {
            let best = -Infinity;
            for (let i = 0; i < k; i++) {
              for (let j = 0; j < k; j++) {
                const v = x[(c * H * W + (oy * s + i) * W + ox * s + j) * m + n];
                if (v > best) {
                  best = v;
                  winners[o] = i * k + j;
                }
              }
            }
          }
        }
      }
    }
    return winners;
  }

  /** Frees the batch buffers. */
  dispose(): void {
    for (const { A, dX } of this.#buffers.values()) {
      this.#backend.dispose(A);
      if (dX !== undefined) this.#backend.dispose(dX);
    }
    this.#buffers.clear();
    this.#X = undefined;
  }

  #buffersFor(m: number): { A: T; dX?: T } {
    let buffers = this.#buffers.get(m);
    if (buffers === undefined) {
      buffers = { A: this.#backend.create(shapeSize(this.outputShape), m) };
      this.#buffers.set(m, buffers);
    }
    return buffers;
  }
}

/** Where the windows of a pooling lie over an image of shape `input`. */
function poolGeometry(spec: MaxPool2dSpec, input: Shape): WindowGeometry {
  return windowsOver(input, spec.size, { stride: spec.stride, padding: "valid", what: "window" });
}

/**
 * The `maxPool2d` layer type: no parameters.
 *
 * @example
 * ```ts
 * import { MAX_POOL_2D, maxPool2d } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(MAX_POOL_2D.outputShape(maxPool2d(2), [16, 24, 24]), [16, 12, 12]);
 * assert.deepEqual(MAX_POOL_2D.outputShape(maxPool2d(3, 2), [8, 7, 7]), [8, 3, 3]);
 * assert.throws(() => MAX_POOL_2D.outputShape(maxPool2d(5), [32, 4, 4]), /window is larger than the 4x4 image/);
 * ```
 */
export const MAX_POOL_2D: LayerType<MaxPool2dSpec> = {
  type: "maxPool2d",
  parse(json) {
    expectOnly(json, ["size", "stride"]);
    const size = expectCount(json, "size");
    return maxPool2d(size, expectCount(json, "stride", size));
  },
  outputShape(spec, input) {
    const g = poolGeometry(spec, input);
    return [g.channels, g.outHeight, g.outWidth];
  },
  params: () => [],
  describe: (spec) =>
    `maxPool2d(${spec.size}${spec.stride === spec.size ? "" : `, ${spec.stride}`})`,
  build: (spec, context) => new MaxPool2d(spec, context),
};
