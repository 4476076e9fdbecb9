import type { RasterImage } from "./png.ts";

/**
 * A layer's weight matrix on the host: `rows x cols`, row-major, one row
 * per unit (for the first layer, `hidden x 784`).
 *
 * @example
 * ```ts
 * import type { WeightMatrix } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const w: WeightMatrix = { rows: 2, cols: 4, values: new Float32Array(8) };
 * assert.equal(w.values.length, w.rows * w.cols);
 * ```
 */
export interface WeightMatrix {
  /** Units. */
  readonly rows: number;
  /** Inputs per unit. */
  readonly cols: number;
  /** `rows * cols` weights, unit by unit. */
  readonly values: Float32Array;
}

/**
 * One unit's incoming weights drawn as an image.
 *
 * @example
 * ```ts
 * import { weightImages } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const [unit] = weightImages({ rows: 1, cols: 4, values: Float32Array.of(-2, 0, 1, 2) });
 * assert.equal(unit.scale, 2);
 * ```
 */
export interface WeightImage {
  /** Which unit (row of the matrix). */
  readonly unit: number;
  /** The largest absolute weight: it gets the full color, and `-scale` the full opposite color. */
  readonly scale: number;
  /** RGB pixels, `side x side`. */
  readonly image: RasterImage;
}

// A diverging palette: negative weights blue, zero near-white, positive red.
const NEGATIVE = [33, 102, 172];
const ZERO = [247, 247, 247];
const POSITIVE = [178, 24, 43];

/**
 * The color of `t` in [-1, 1] on the blue-white-red palette; `-t` gets
 * the mirror color of `t`, so the scale is symmetric around zero.
 *
 * @param t A weight divided by its unit's scale.
 * @returns `[r, g, b]` bytes.
 *
 * @example
 * ```ts
 * import { divergingColor } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(divergingColor(0), [247, 247, 247]);
 * assert.deepEqual(divergingColor(1), [178, 24, 43]);
 * assert.deepEqual(divergingColor(-1), [33, 102, 172]);
 * ```
 */
export function divergingColor(t: number): [number, number, number] {
  const clamped = Number.isNaN(t) ? 0 : Math.max(-1, Math.min(1, t));
  const end = clamped < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(clamped);
  return [0, 1, 2].map((c) => Math.round(ZERO[c] + (end[c] - ZERO[c]) * a)) as [
    number,
    number,
    number,
  ];
}

/**
 * Draws each unit's weights as a square image (28x28 for MNIST), scaled
 * symmetrically around zero: each unit's largest absolute weight gets the
 * full color, so zero is always the middle of the palette.
 *
 * @param weights The layer's weights, one row per unit.
 * @param options `max`: draw at most this many units, the first ones (default 64).
 * @returns One image per drawn unit.
 * @throws {TypeError} If `values` has the wrong length or a row is not a square number of inputs.
 *
 * @example
 * ```ts
 * import { weightImages } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const images = weightImages({ rows: 3, cols: 4, values: new Float32Array(12).fill(1) }, { max: 2 });
 * assert.equal(images.length, 2);
 * assert.deepEqual([images[0].image.width, images[0].image.height], [2, 2]);
 * ```
 */
export function weightImages(
  weights: WeightMatrix,
  options: { max?: number } = {},
): WeightImage[] {
  const { rows, cols, values } = weights;
  if (values.length !== rows * cols) {
    throw new TypeError(
      `Cannot draw weights: a ${rows}x${cols} matrix needs ${
        rows * cols
      } values, got ${values.length}`,
    );
  }
  const side = Math.round(Math.sqrt(cols));
  if (side * side !== cols) {
    throw new TypeError(`Cannot draw weights: ${cols} inputs per unit is not a square image`);
  }
  const count = Math.min(rows, options.max ?? 64);
  const images: WeightImage[] = [];
  for (let unit = 0; unit < count; unit++) {
    const row = values.subarray(unit * cols, (unit + 1) * cols);
    let scale = 0;
    for (const w of row) if (Math.abs(w) > scale) scale = Math.abs(w);
    const data = new Uint8Array(cols * 3);
    for (let k = 0; k < cols; k++) {
      data.set(divergingColor(scale === 0 ? 0 : row[k] / scale), k * 3);
    }
    images.push({ unit, scale, image: { width: side, height: side, channels: 3, data } });
  }
  return images;
}
