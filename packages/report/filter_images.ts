import type { RasterImage } from "./png.ts";
import { divergingColor } from "./weight_images.ts";

/**
 * A convolution's filters on the host: `filters x (channels·kernel·kernel)`,
 * row-major, one row per filter, each row channel by channel and each
 * channel's `kernel x kernel` window row by row (the layout of a `conv2d`
 * layer's `W`).
 *
 * @example
 * ```ts
 * import type { FilterBank } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const bank: FilterBank = { filters: 2, channels: 1, kernel: 3, values: new Float32Array(18) };
 * assert.equal(bank.values.length, bank.filters * bank.channels * bank.kernel ** 2);
 * ```
 */
export interface FilterBank {
  /** F, the output channels. */
  readonly filters: number;
  /** C, the input channels each filter reads. */
  readonly channels: number;
  /** k, each window's side. */
  readonly kernel: number;
  /** `F·C·k·k` weights, filter by filter. */
  readonly values: Float32Array;
}

/**
 * One filter drawn as an image.
 *
 * @example
 * ```ts
 * import { filterImages } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const [first] = filterImages({ filters: 1, channels: 1, kernel: 2, values: Float32Array.of(1, 0, 0, -1) }).images;
 * assert.equal(first.largest, 1);
 * ```
 */
export interface FilterImage {
  /** Which filter (row of the bank), from 0. */
  readonly filter: number;
  /** The filter's own largest absolute weight. */
  readonly largest: number;
  /** RGB pixels: its channels' `k x k` windows side by side, one pixel of white between. */
  readonly image: RasterImage;
}

/**
 * Draws each filter of a convolution as a `k x k` image (`C` of them side by
 * side for a filter over several channels) on one scale shared by every
 * filter: the bank's largest absolute weight gets the full red (positive)
 * or blue (negative), zero is white. A shared scale shows which filters
 * are strong as well as their shapes; each filter's own largest weight is
 * returned beside it.
 *
 * @param bank The filters.
 * @returns The shared scale and one image per filter.
 * @throws {TypeError} If a size is not a positive integer or `values` has the wrong length.
 *
 * @example
 * ```ts
 * import { divergingColor, filterImages } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const { scale, images } = filterImages({ filters: 2, channels: 1, kernel: 1, values: Float32Array.of(0.5, -2) });
 * assert.equal(scale, 2);
 * assert.deepEqual([...images[0].image.data], divergingColor(0.25));
 * assert.deepEqual([...images[1].image.data], divergingColor(-1));
 * ```
 */
export function filterImages(bank: FilterBank): { scale: number; images: FilterImage[] } {
  const { filters: F, channels: C, kernel: k, values } = bank;
  for (const [name, size] of [["filters", F], ["channels", C], ["kernel", k]] as const) {
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new TypeError(`Cannot draw filters: ${name} must be a positive integer, got ${size}`);
    }
  }
  const size = C * k * k;
  if (values.length !== F * size) {
    throw new TypeError(
      `Cannot draw filters: ${F} filters of ${C}x${k}x${k} need ${
        F * size
      } values, got ${values.length}`,
    );
  }
  let scale = 0;
  for (const w of values) if (Math.abs(w) > scale) scale = Math.abs(w);
  const width = C * k + C - 1;
  const images: FilterImage[] = [];
  for (let f = 0; f < F; f++) {
    const row = values.subarray(f * size, (f + 1) * size);
    const data = new Uint8Array(width * k * 3).fill(255); // the gaps between channels stay white
    let largest = 0;
    // Weight (c, i, j) of the row sits at column c·(k + 1) + j of image row i.
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const w = row[(c * k + i) * k + j];
          if (Math.abs(w) > largest) largest = Math.abs(w);
          data.set(divergingColor(scale === 0 ? 0 : w / scale), (i * width + c * (k + 1) + j) * 3);
        }
      }
    }
    images.push({ filter: f, largest, image: { width, height: k, channels: 3, data } });
  }
  return { scale, images };
}
