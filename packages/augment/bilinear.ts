/**
 * Samples a grayscale image at a real-valued point by bilinear
 * interpolation of its four neighbouring pixels; points outside the image
 * read as 0 (MNIST's background).
 *
 * @param image Row-major pixels, `width x height`, 0–255.
 * @param width Pixels per row.
 * @param height Rows.
 * @param x Column, 0 at the centre of the first pixel.
 * @param y Row.
 * @returns The interpolated value, 0–255 (not rounded).
 *
 * @example
 * ```ts
 * import { sampleBilinear } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * const image = Uint8Array.of(0, 100, 200, 255); // 2x2
 * assert.equal(sampleBilinear(image, 2, 2, 0.5, 0), 50);
 * assert.equal(sampleBilinear(image, 2, 2, 0.5, 0.5), 138.75);
 * assert.equal(sampleBilinear(image, 2, 2, -1, 0), 0);
 * ```
 */
export function sampleBilinear(
  image: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const p = y0 * width + x0;
  // Inside, all four neighbours exist: the common case, without bounds checks.
  if (x0 >= 0 && y0 >= 0 && x0 < width - 1 && y0 < height - 1) {
    const top = image[p] + (image[p + 1] - image[p]) * fx;
    const bottom = image[p + width] + (image[p + width + 1] - image[p + width]) * fx;
    return top + (bottom - top) * fy;
  }
  if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) return 0;
  const at = (c: number, r: number) =>
    c < 0 || r < 0 || c >= width || r >= height ? 0 : image[r * width + c];
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}
