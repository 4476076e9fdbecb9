/**
 * Data augmentation for simple-mnist: seeded random transforms of 28x28
 * digit images, resampled bilinearly, pixels kept as bytes: whole-pixel
 * shifts, affine distortions (rotation, scale, shear, shift) and the
 * elastic distortion of Simard, Steinkraus and Platt (2003). Training
 * applies one to every sample of every mini-batch, afresh each time.
 *
 * @example
 * ```ts
 * import { createAugmenter } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const image = new Uint8Array(784);
 * for (let y = 8; y < 20; y++) image[y * 28 + 14] = 255; // a vertical stroke
 * const out = new Uint8Array(784);
 * createAugmenter("affine", seededPrng(1))!(image, out);
 * const ink = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
 * assert.ok(Math.abs(ink(out) - ink(image)) < 0.3 * ink(image));
 * ```
 *
 * @module
 */
export * from "./bilinear.ts";
export * from "./shift.ts";
export * from "./affine.ts";
export * from "./elastic.ts";
export * from "./augmenter.ts";
export * from "./augment_worker.ts";
export type { Prng } from "@simple-mnist/random";
