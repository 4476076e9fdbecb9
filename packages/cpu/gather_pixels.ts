import { PIXEL_VALUES, type PixelImages } from "@simple-mnist/backend";

/**
 * A batch gathered from bytes, the plain loop: `out[k · m + j]` (features x
 * m, samples as columns) = `PIXEL_VALUES[p]` (`p / 255` in float32) for
 * byte `k` of image `indices[j]`. The caller checks the indices (the
 * backends' `uploadPixels` runs `OP_CHECKS.uploadPixels` first).
 *
 * @param images The images, as bytes.
 * @param indices Which images, one per column (`m` of them).
 * @param out Where the batch goes: at least `features · m` float32.
 *
 * @example
 * ```ts
 * import { gatherPixels } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const images = { count: 2, features: 2, pixels: Uint8Array.of(0, 51, 255, 0) };
 * const out = new Float32Array(4);
 * gatherPixels(images, [1, 0], out);
 * assert.deepEqual([...out], [1, 0, 0, Math.fround(0.2)]);
 * ```
 */
export function gatherPixels(
  images: PixelImages,
  indices: ArrayLike<number>,
  out: Float32Array,
): void {
  const { features, pixels } = images;
  const m = indices.length;
  // Row by row, so that out is written in order (a quarter faster at batch 128).
  const starts = new Int32Array(m);
  for (let j = 0; j < m; j++) starts[j] = indices[j] * features;
  for (let k = 0; k < features; k++) {
    const row = k * m;
    for (let j = 0; j < m; j++) out[row + j] = PIXEL_VALUES[pixels[starts[j] + k]];
  }
}
