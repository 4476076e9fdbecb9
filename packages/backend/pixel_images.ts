/**
 * Images as bytes, sample after sample: what
 * {@linkcode Backend.uploadPixels} gathers a batch from. `pixels` holds
 * `count · features` bytes, sample `i`'s at `[i · features, (i + 1) · features)`.
 * A data set of `@simple-mnist/data` (its `Examples`) is one.
 *
 * @example
 * ```ts
 * import type { PixelImages } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const images: PixelImages = { count: 2, features: 3, pixels: Uint8Array.of(0, 255, 51, 255, 0, 0) };
 * assert.equal(images.pixels.length, images.count * images.features);
 * ```
 */
export interface PixelImages {
  /** How many images. */
  readonly count: number;
  /** Pixels per image. */
  readonly features: number;
  /** The bytes, image after image. */
  readonly pixels: Uint8Array;
}

/**
 * Each byte's value as the seed scales it, `p / 255` rounded to float32:
 * what {@linkcode Backend.uploadPixels} stores for a byte `p`.
 *
 * @example
 * ```ts
 * import { PIXEL_VALUES } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.equal(PIXEL_VALUES[255], 1);
 * assert.equal(PIXEL_VALUES[51], Math.fround(0.2));
 * ```
 */
export const PIXEL_VALUES: Float32Array = Float32Array.from({ length: 256 }, (_, p) => p / 255);
