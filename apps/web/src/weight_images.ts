/**
 * Lays out a layer's weights as a grid of images, one per unit, red for
 * positive and blue for negative weights, each image scaled to its own
 * largest magnitude (so that every unit's pattern shows).
 *
 * @param weights `units * side * side` values, one unit's row after another.
 * @param units How many units.
 * @param side The side of one image (28 for MNIST's first layer).
 * @param columns Images per row of the grid.
 * @returns RGBA pixels of the grid and its size; 1-pixel white gaps between images.
 * @throws {TypeError} If `weights` does not hold `units * side * side` values.
 *
 * @example
 * ```ts
 * import { weightImages } from "./weight_images.ts";
 * import assert from "node:assert/strict";
 *
 * const grid = weightImages(Float32Array.of(1, -1, 0, 0.5), 1, 2, 1);
 * assert.deepEqual([grid.width, grid.height], [2, 2]);
 * assert.deepEqual([...grid.rgba.subarray(0, 8)], [255, 0, 0, 255, 0, 0, 255, 255]);
 * ```
 */
export function weightImages(
  weights: Float32Array,
  units: number,
  side: number,
  columns: number,
): { width: number; height: number; rgba: Uint8ClampedArray } {
  const size = side * side;
  if (weights.length !== units * size) {
    throw new TypeError(
      `Cannot draw the weights: ${weights.length} values are not ${units} units of ${side}x${side}`,
    );
  }
  const rows = Math.ceil(units / columns);
  const gap = units > 1 ? 1 : 0;
  const width = columns * side + (columns - 1) * gap;
  const height = rows * side + (rows - 1) * gap;
  const rgba = new Uint8ClampedArray(4 * width * height).fill(255);
  for (let unit = 0; unit < units; unit++) {
    const row = weights.subarray(unit * size, (unit + 1) * size);
    let max = 0;
    for (const w of row) max = Math.max(max, Math.abs(w));
    const left = (unit % columns) * (side + gap);
    const top = Math.floor(unit / columns) * (side + gap);
    for (let k = 0; k < size; k++) {
      const v = max === 0 ? 0 : row[k] / max;
      const at = 4 * ((top + Math.floor(k / side)) * width + left + (k % side));
      // White at 0, pure red at +1, pure blue at -1.
      const fade = Math.round(255 * (1 - Math.abs(v)));
      rgba[at] = v >= 0 ? 255 : fade;
      rgba[at + 1] = fade;
      rgba[at + 2] = v >= 0 ? fade : 255;
      rgba[at + 3] = 255;
    }
  }
  return { width, height, rgba };
}
