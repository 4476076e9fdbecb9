import type { Prng } from "@simple-mnist/random";

/**
 * Moves an image by whole pixels, `dx` right and `dy` down, filling what
 * comes in with 0: exact, so no interpolation is needed.
 *
 * @param image Row-major pixels, `width x height`.
 * @param out The destination, same size (must not be `image`).
 * @param width Pixels per row.
 * @param height Rows.
 * @param dx Columns to move right (negative: left).
 * @param dy Rows to move down (negative: up).
 *
 * @example
 * ```ts
 * import { shiftImage } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * const out = new Uint8Array(4);
 * shiftImage(Uint8Array.of(1, 2, 3, 4), out, 2, 2, 1, 0);
 * assert.deepEqual([...out], [0, 1, 0, 3]);
 * ```
 */
export function shiftImage(
  image: Uint8Array,
  out: Uint8Array,
  width: number,
  height: number,
  dx: number,
  dy: number,
): void {
  out.fill(0);
  for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
    const from = (y - dy) * width;
    const x0 = Math.max(0, dx);
    const x1 = Math.min(width, width + dx);
    out.set(image.subarray(from + x0 - dx, from + x1 - dx), y * width + x0);
  }
}

/** The largest shift `randomShift` draws, in pixels along each axis. */
export const MAX_SHIFT = 2;

/**
 * A random whole-pixel shift of up to ±{@linkcode MAX_SHIFT} pixels along
 * each axis, each of the 25 offsets equally likely.
 *
 * @param image Row-major pixels, `width x height`.
 * @param out The destination, same size (must not be `image`).
 * @param width Pixels per row.
 * @param height Rows.
 * @param prng The generator.
 *
 * @example
 * ```ts
 * import { randomShift } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const image = new Uint8Array(28 * 28);
 * image[14 * 28 + 14] = 255;
 * const out = new Uint8Array(28 * 28);
 * randomShift(image, out, 28, 28, seededPrng(1));
 * const at = out.indexOf(255);
 * assert.ok(Math.abs((at % 28) - 14) <= 2 && Math.abs(Math.floor(at / 28) - 14) <= 2);
 * ```
 */
export function randomShift(
  image: Uint8Array,
  out: Uint8Array,
  width: number,
  height: number,
  prng: Prng,
): void {
  const span = 2 * MAX_SHIFT + 1;
  const dx = Math.floor(prng() * span) - MAX_SHIFT;
  const dy = Math.floor(prng() * span) - MAX_SHIFT;
  shiftImage(image, out, width, height, dx, dy);
}
