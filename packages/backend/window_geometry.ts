/**
 * Where a square window visits an image, for {@linkcode Backend.im2col},
 * {@linkcode Backend.col2im}, {@linkcode Backend.maxPool} and
 * {@linkcode Backend.maxPoolGrad}.
 *
 * An image batch is a `(C·H·W) x m` tensor: one sample per column, each
 * column channel-major, so pixel (c, y, x) of sample n is element
 * `[c·H·W + y·W + x][n]`. Window (oy, ox), for oy < `outHeight` and
 * ox < `outWidth`, covers the k x k pixels whose top-left corner is
 * (oy·s − pad, ox·s − pad); pixels it covers outside the image read as zero
 * (and never win a max-pool).
 *
 * @example Conv 5x5 over MNIST's 28x28, then a 2x2 max-pool
 * ```ts
 * import { type WindowGeometry, windowGeometry } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const conv: WindowGeometry = windowGeometry(1, 28, 28, 5);
 * assert.deepEqual([conv.outHeight, conv.outWidth, conv.pad], [24, 24, 0]);
 * const pool = windowGeometry(16, 24, 24, 2, { stride: 2 });
 * assert.equal(pool.outHeight, 12);
 * ```
 */
export interface WindowGeometry {
  /** C: the number of channels. */
  readonly channels: number;
  /** H: the image's rows. */
  readonly height: number;
  /** W: the image's columns. */
  readonly width: number;
  /** k: the window's side. */
  readonly kernel: number;
  /** s ≥ 1: how far the window moves between neighbours. */
  readonly stride: number;
  /**
   * Zero rows and columns added before the first row and column (top and
   * left); any shortfall at the bottom and right also reads as zero.
   */
  readonly pad: number;
  /** H′: the windows per column of the image; window (oy, ox) starts at row oy·s − pad. */
  readonly outHeight: number;
  /** W′: the windows per row of the image; window (oy, ox) starts at column ox·s − pad. */
  readonly outWidth: number;
}

/**
 * Options of {@linkcode windowGeometry}.
 *
 * @example
 * ```ts
 * import type { WindowOptions } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const options: WindowOptions = { stride: 2, padding: "same" };
 * assert.equal(options.padding, "same");
 * ```
 */
export interface WindowOptions {
  /** How far the window moves between neighbours (default 1). */
  readonly stride?: number;
  /**
   * `"valid"` (default): only windows wholly inside the image, no padding;
   * `"same"`: ⌈H/s⌉ windows per axis, the image padded with zeros around it
   * (half before, the rest after), as TensorFlow and Keras do.
   */
  readonly padding?: "valid" | "same";
}

/**
 * Computes where a k x k window visits a C x H x W image: `valid` gives
 * H′ = ⌊(H − k)/s⌋ + 1 windows per column and no padding; `same` gives
 * H′ = ⌈H/s⌉ and pads by ⌊max((H′ − 1)·s + k − H, 0) / 2⌋ before the
 * image (the rest of that total after it). Likewise for the width.
 *
 * @param channels C.
 * @param height H.
 * @param width W.
 * @param kernel k, the window's side.
 * @param options The stride and the padding.
 * @returns The geometry the window ops take.
 * @throws {RangeError} If a size or the stride is not a positive integer,
 * the padding is neither `"valid"` nor `"same"`, a `valid` window is larger
 * than the image, or `same` padding would pad the two axes differently.
 *
 * @example
 * ```ts
 * import { windowGeometry } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * // 3x3 windows with stride 2 over a 7x7 image keep ⌈7/2⌉ = 4 per axis, padded by 1.
 * const g = windowGeometry(2, 7, 7, 3, { stride: 2, padding: "same" });
 * assert.deepEqual([g.outHeight, g.outWidth, g.pad], [4, 4, 1]);
 * assert.throws(() => windowGeometry(1, 4, 4, 5), {
 *   name: "RangeError",
 *   message: "Cannot place the window: a 5x5 window does not fit a 4x4 image without padding",
 * });
 * ```
 */
export function windowGeometry(
  channels: number,
  height: number,
  width: number,
  kernel: number,
  options: WindowOptions = {},
): WindowGeometry {
  const { stride = 1, padding = "valid" } = options;
  const action = "Cannot place the window";
  const sizes = { channels, height, width, kernel, stride };
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${action}: ${name} must be a positive integer, not ${value}`);
    }
  }
  if (padding === "valid") {
    if (kernel > height || kernel > width) {
      throw new RangeError(
        `${action}: a ${kernel}x${kernel} window does not fit a ${height}x${width} image without padding`,
      );
    }
    const outHeight = Math.floor((height - kernel) / stride) + 1;
    const outWidth = Math.floor((width - kernel) / stride) + 1;
    return { channels, height, width, kernel, stride, pad: 0, outHeight, outWidth };
  }
  if (padding !== "same") {
    throw new RangeError(`${action}: padding must be "valid" or "same", not ${padding}`);
  }
  const outHeight = Math.ceil(height / stride);
  const outWidth = Math.ceil(width / stride);
  const padBefore = (out: number, size: number) =>
    Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
  const pad = padBefore(outHeight, height);
  if (padBefore(outWidth, width) !== pad) {
    throw new RangeError(
      `${action}: same padding of a ${height}x${width} image pads its rows by ${pad} but its columns by ${
        padBefore(outWidth, width)
      }`,
    );
  }
  return { channels, height, width, kernel, stride, pad, outHeight, outWidth };
}
