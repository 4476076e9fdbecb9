import type { Prng } from "@simple-mnist/random";
import { randomAffine } from "./affine.ts";
import { ElasticDistortion } from "./elastic.ts";
import { randomShift } from "./shift.ts";

/**
 * The augmentations by name: `none`, `shift` (whole pixels, up to ±2),
 * `affine` (rotation, scale, shear and shift: see `AFFINE_RANGES`) and
 * `elastic` (Simard et al. 2003: see `ElasticDistortion`).
 *
 * @example
 * ```ts
 * import type { AugmentName } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * const name: AugmentName = "affine";
 * assert.equal(name, "affine");
 * ```
 */
export type AugmentName = "none" | "shift" | "affine" | "elastic";

/**
 * Every {@linkcode AugmentName}, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import { AUGMENTS } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(AUGMENTS, ["none", "shift", "affine", "elastic"]);
 * ```
 */
export const AUGMENTS: readonly AugmentName[] = ["none", "shift", "affine", "elastic"];

/**
 * Writes a randomly transformed copy of one square image into `out`
 * (pixels stay bytes, 0–255).
 *
 * @example
 * ```ts
 * import { createAugmenter, type Augmenter } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const augment: Augmenter = createAugmenter("shift", seededPrng(0))!;
 * const out = new Uint8Array(784);
 * augment(new Uint8Array(784), out);
 * assert.ok(out.every((v) => v === 0));
 * ```
 */
export type Augmenter = (image: Uint8Array, out: Uint8Array) => void;

/**
 * Makes the augmenter of a name, drawing from `prng`.
 *
 * @param name The augmentation.
 * @param prng The generator; the same seed gives the same sequence of transforms.
 * @param size The images' side in pixels (default 28).
 * @returns The augmenter, or undefined for `none`.
 * @throws {RangeError} On an unknown name.
 *
 * @example
 * ```ts
 * import { createAugmenter } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createAugmenter("none", seededPrng(0)), undefined);
 * assert.throws(() => createAugmenter("blur" as "none", seededPrng(0)), RangeError);
 * ```
 */
export function createAugmenter(
  name: AugmentName,
  prng: Prng,
  size = 28,
): Augmenter | undefined {
  switch (name) {
    case "none":
      return undefined;
    case "shift":
      return (image, out) => randomShift(image, out, size, size, prng);
    case "affine":
      return (image, out) => randomAffine(image, out, size, size, prng);
    case "elastic": {
      const elastic = new ElasticDistortion(prng, { size });
      return (image, out) => elastic.apply(image, out);
    }
  }
  throw new RangeError(
    `Cannot augment: unknown augmentation ${JSON.stringify(name)} (expected ${
      AUGMENTS.join(", ")
    })`,
  );
}
