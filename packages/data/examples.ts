/**
 * Labelled samples as the model consumes them: `count` samples of
 * `features` values each, kept as compact bytes (0–255) until they are
 * uploaded. `pixels` is sample-major: sample `j`'s value `k` is
 * `pixels[j * features + k]`. A {@linkcode Dataset} is one, with its image
 * size and source.
 *
 * @example
 * ```ts
 * import type { Examples } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const examples: Examples = { count: 2, features: 2, pixels: Uint8Array.of(0, 255, 255, 0), labels: Uint8Array.of(1, 0) };
 * assert.equal(examples.pixels.length, examples.count * examples.features);
 * ```
 */
export interface Examples {
  /** Number of samples. */
  readonly count: number;
  /** Values per sample (784 for a 28x28 image). */
  readonly features: number;
  /** The values, `count * features` bytes. */
  readonly pixels: Uint8Array;
  /** One class label per sample, or undefined for an unlabelled set (Kaggle's test.csv). */
  readonly labels?: Uint8Array;
}
