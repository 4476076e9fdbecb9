import type { Backend, Tensor, WindowGeometry } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectChoice, expectCount, expectOnly } from "./_spec_fields.ts";
import { type Shape, shapeSize } from "./shape.ts";
import { windowsOver } from "./_windows.ts";

/**
 * A convolution's padding: `"valid"` keeps only the windows wholly inside
 * the image (a 5x5 kernel turns 28x28 into 24x24); `"same"` pads the image
 * with zeros so that a stride of 1 keeps its size (⌈H/s⌉ windows per axis).
 *
 * @example
 * ```ts
 * import type { Padding } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const padding: Padding = "same";
 * assert.equal(padding, "same");
 * ```
 */
export type Padding = "valid" | "same";

/**
 * A 2-D convolution's spec: `filters` output channels, each a `kernel` x
 * `kernel` window over every input channel, moved by `stride`.
 *
 * @example
 * ```ts
 * import { conv2d, type Conv2dSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: Conv2dSpec = conv2d(16, 5);
 * assert.deepEqual([spec.stride, spec.padding], [1, "valid"]);
 * ```
 */
export type Conv2dSpec = {
  readonly type: "conv2d";
  /** F: output channels, one filter each. */
  readonly filters: number;
  /** k: the side of each square filter. */
  readonly kernel: number;
  /** s: how far a filter moves between neighbouring outputs. */
  readonly stride: number;
  /** Whether the image is padded so that stride 1 keeps its size. */
  readonly padding: Padding;
};

/**
 * A 2-D convolution over C x H x W images: `filters` output channels, each
 * the sum over every input channel of a `kernel` x `kernel` filter slid
 * over it, plus one bias per filter (Keras's `Conv2D`, PyTorch's `Conv2d`).
 * Its weights are drawn per its fan-in, C·k·k, like a dense layer's.
 *
 * @param filters F, the output channels.
 * @param kernel k, the filter's side.
 * @param options `stride` (default 1) and `padding` (default `"valid"`).
 * @returns The spec.
 * @throws {RangeError} If a size is not a positive integer or the padding is unknown.
 *
 * @example
 * ```ts
 * import { conv2d } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(conv2d(16, 5), { type: "conv2d", filters: 16, kernel: 5, stride: 1, padding: "valid" });
 * assert.equal(conv2d(8, 3, { stride: 2, padding: "same" }).stride, 2);
 * assert.throws(() => conv2d(16, 5, { stride: 0 }), /stride must be a positive integer/);
 * ```
 */
export function conv2d(
  filters: number,
  kernel: number,
  options: { stride?: number; padding?: Padding } = {},
): Conv2dSpec {
  const { stride = 1, padding = "valid" } = options;
  const sizes = [["filters", filters], ["kernel", kernel], ["stride", stride]] as const;
  for (const [name, value] of sizes) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `Cannot make conv2d(${filters}, ${kernel}): ${name} must be a positive integer, got ${value}`,
      );
    }
  }
  if (padding !== "valid" && padding !== "same") {
    throw new RangeError(
      `Cannot make conv2d(${filters}, ${kernel}): padding must be "valid" or "same", got ${
        JSON.stringify(padding)
      }`,
    );
  }
  return { type: "conv2d", filters, kernel, stride, padding };
}

/**
 * A 2-D convolution on a backend, as im2col and one product, samples as
 * columns. An image batch is a `(C·H·W) x m` tensor, each column one image,
 * channel-major: pixel (c, y, x) of sample n is row `c·H·W + y·W + x`,
 * column n.
 *
 * The index arithmetic, once: output pixel p = oy·W′ + ox of filter f is
 * the window whose top-left corner is (oy·s − pad, ox·s − pad),
 *
 * ```text
 * Z[f][p][n] = b[f] + Σ_{c,i,j} W[f][(c·k + i)·k + j] · X[c][oy·s + i − pad][ox·s + j − pad][n]
 * ```
 *
 * `im2col` lays the window of every (p, n) out as column p·m + n of
 * `cols`, `(C·k·k) x (P·m)`, so that the sum is one matrix product; its
 * columns run pixel-major, sample-minor, so the product's row-major
 * memory `[f][p][n]` is already the `(F·P) x m` image batch of the F
 * output channels, and `reshape` only re-labels rows and columns:
 *
 * ```text
 * forward:   cols  = im2col(X)                 (C·k·k) x (P·m)
 *            Zf    = W·cols + b                F x (P·m), b added to every column
 *            Z     = reshape(Zf)               (F·P) x m
 * backward:  dZf   = reshape(dZ)               F x (P·m)
 *            dW    = dZf·colsᵀ / m             F x (C·k·k)
 *            db    = Σ dZf / m                 F x 1, over the P·m columns
 *            dcols = Wᵀ·dZf                    (C·k·k) x (P·m)
 *            dX    = col2im(dcols)             (C·H·W) x m, each entry added back to its pixel
 * ```
 *
 * The 1/m makes `dW` and `db` gradients of the batch's mean loss, as a
 * dense layer's; the sum over P is the filter's weight sharing. `cols` is
 * not read after `dW`, so `dcols` reuses its buffer, and `dZf` reuses
 * `Zf`'s.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example A 2x2 filter that adds up each window of a 3x3 image
 * ```ts
 * import { conv2d, flatten, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const net = new Sequential(backend, [conv2d(1, 2), flatten()], {
 *   input: [1, 3, 3],
 *   params: { W1: Float32Array.of(1, 1, 1, 1), b1: Float32Array.of(0.5) },
 * });
 * const x = backend.create(9, 1);
 * backend.upload(x, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * assert.deepEqual([...await backend.download(net.layers[0].forward(x, false))], [12.5, 16.5, 24.5, 28.5]);
 * ```
 */
export class Conv2d<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: Conv2dSpec;
  /** `[C, H, W]`. */
  readonly inputShape: Shape;
  /** `[F, H′, W′]`. */
  readonly outputShape: Shape;
  /** Where the filters visit the image. */
  readonly geometry: WindowGeometry;
  /** `W`, F x (C·k·k): row f is filter f, channel-major (c, i, j), and its gradient. */
  readonly W: Param<T>;
  /** `b`, F x 1, one bias per filter, and its gradient. */
  readonly b: Param<T>;
  readonly #backend: Backend<T>;
  readonly #inputGradient: boolean;
  readonly #buffers = new Map<number, { cols: T; Zf: T; Z: T; dX?: T }>();
  #forwarded: { cols: T; Zf: T; Z: T; dX?: T } | undefined;

  /**
   * Builds the layer over the parameters the net made for it.
   *
   * @param spec The spec.
   * @param context The backend, the input shape, the parameters and whether to return `dX`.
   */
  constructor(spec: Conv2dSpec, context: BuildContext<T>) {
    this.spec = spec;
    this.#backend = context.backend;
    this.#inputGradient = context.inputGradient;
    this.inputShape = context.input;
    this.geometry = convGeometry(spec, context.input);
    this.outputShape = [spec.filters, this.geometry.outHeight, this.geometry.outWidth];
    this.W = { ...context.param("W"), isWeight: true };
    this.b = { ...context.param("b"), isWeight: false };
  }

  /** `cols = im2col(X)`, `Zf = W·cols + b`, `Z = reshape(Zf)`. */
  forward(X: T): T {
    const buffers = this.#buffersFor(X.cols);
    const { cols, Zf, Z } = buffers;
    const b = this.#backend;
    b.im2col(X, this.geometry, cols);
    b.matmul(this.W.value, cols, Zf);
    b.addBias(Zf, this.b.value, Zf);
    b.reshape(Zf, Z);
    this.#forwarded = buffers;
    return Z;
  }

  /** `dW = dZf·colsᵀ / m`, `db = Σ dZf / m`, `dX = col2im(Wᵀ·dZf)`. */
  backward(dZ: T): T | undefined {
    const buffers = this.#forwarded;
    if (buffers === undefined || buffers.Z.cols !== dZ.cols) {
      throw new TypeError(`Cannot run ${CONV2D.describe(this.spec)} backward: run forward first`);
    }
    const m = dZ.cols;
    const b = this.#backend;
    const { cols, Zf: dZf } = buffers;
    b.reshape(dZ, dZf);
    b.matmul(dZf, cols, this.W.grad, { transposeB: true, alpha: 1 / m });
    b.rowSum(dZf, this.b.grad, 1 / m);
    this.#forwarded = undefined; // cols and Zf now hold gradients
    if (!this.#inputGradient) return undefined;
    const dcols = cols;
    b.matmul(this.W.value, dZf, dcols, { transposeA: true });
    buffers.dX ??= b.create(shapeSize(this.inputShape), m);
    b.col2im(dcols, this.geometry, buffers.dX);
    return buffers.dX;
  }

  /** `W` and `b`. */
  params(): readonly Param<T>[] {
    return [this.W, this.b];
  }

  /** Frees the batch buffers. */
  dispose(): void {
    for (const { cols, Zf, Z, dX } of this.#buffers.values()) {
      for (const tensor of [cols, Zf, Z, dX]) {
        if (tensor !== undefined) this.#backend.dispose(tensor);
      }
    }
    this.#buffers.clear();
    this.#forwarded = undefined;
  }

  #buffersFor(m: number): { cols: T; Zf: T; Z: T; dX?: T } {
    let buffers = this.#buffers.get(m);
    if (buffers === undefined) {
      const b = this.#backend;
      const { channels: C, kernel: k, outHeight, outWidth } = this.geometry;
      const P = outHeight * outWidth;
      const F = this.spec.filters;
      buffers = {
        cols: b.create(C * k * k, P * m),
        Zf: b.create(F, P * m),
        Z: b.create(F * P, m),
      };
      this.#buffers.set(m, buffers);
    }
    return buffers;
  }
}

/** Where the filters visit an image of shape `input`. */
function convGeometry(spec: Conv2dSpec, input: Shape): WindowGeometry {
  return windowsOver(input, spec.kernel, { ...spec, what: "kernel" });
}

/**
 * The `conv2d` layer type: `W` (`[F, C·k·k]`, fan-in C·k·k) and `b` (`[F]`).
 *
 * @example
 * ```ts
 * import { CONV2D, conv2d } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(CONV2D.outputShape(conv2d(16, 5), [1, 28, 28]), [16, 24, 24]);
 * assert.deepEqual(CONV2D.outputShape(conv2d(8, 3, { stride: 2, padding: "same" }), [1, 28, 28]), [8, 14, 14]);
 * assert.deepEqual(CONV2D.params(conv2d(32, 5), [16, 12, 12]).map((p) => p.shape), [[32, 400], [32]]);
 * assert.throws(() => CONV2D.outputShape(conv2d(16, 5), [784]), /it takes images of C x H x W/);
 * ```
 */
export const CONV2D: LayerType<Conv2dSpec> = {
  type: "conv2d",
  parse(json) {
    expectOnly(json, ["filters", "kernel", "stride", "padding"]);
    return conv2d(expectCount(json, "filters"), expectCount(json, "kernel"), {
      stride: expectCount(json, "stride", 1),
      padding: expectChoice<Padding>(json, "padding", ["valid", "same"], "valid"),
    });
  },
  outputShape(spec, input) {
    const g = convGeometry(spec, input);
    return [spec.filters, g.outHeight, g.outWidth];
  },
  params(spec, input) {
    const fanIn = (input[0] ?? 1) * spec.kernel * spec.kernel;
    return [
      { name: "W", shape: [spec.filters, fanIn], role: "weight", fanIn },
      { name: "b", shape: [spec.filters], role: "bias", fanIn },
    ];
  },
  describe(spec) {
    const options = [
      spec.stride === 1 ? "" : `stride: ${spec.stride}`,
      spec.padding === "valid" ? "" : `padding: "${spec.padding}"`,
    ].filter((option) => option !== "");
    const rest = options.length === 0 ? "" : `, { ${options.join(", ")} }`;
    return `conv2d(${spec.filters}, ${spec.kernel}${rest})`;
  },
  floatsPerSample(spec, input) {
    const { channels: C, kernel: k, outHeight, outWidth } = convGeometry(spec, input);
    // cols (later dcols), Zf (later dZf) and Z, then dX.
    return (C * k * k + 2 * spec.filters) * outHeight * outWidth + shapeSize(input);
  },
  build: (spec, context) => new Conv2d(spec, context),
};
