/**
 * A two-layer net's parameters on the host, row-major float32:
 * `W1` is `hidden x inputs`, `b1` is `hidden`, `W2` is `classes x hidden`,
 * `b2` is `classes`.
 *
 * @example
 * ```ts
 * import { initWeights, type Weights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const weights: Weights = initWeights(seededPrng(0));
 * assert.equal(weights.W1.length, weights.hidden * weights.inputs);
 * ```
 */
export interface Weights {
  /** Input features per sample (784 for MNIST). */
  readonly inputs: number;
  /** Hidden units. */
  readonly hidden: number;
  /** Output classes (10 digits). */
  readonly classes: number;
  /** First layer's weights, `hidden x inputs`. */
  readonly W1: Float32Array;
  /** First layer's biases, one per hidden unit. */
  readonly b1: Float32Array;
  /** Second layer's weights, `classes x hidden`. */
  readonly W2: Float32Array;
  /** Second layer's biases, one per class. */
  readonly b2: Float32Array;
}

/**
 * Checks that each array of `weights` has the length its shape calls for.
 *
 * @param weights The weights to check.
 * @param source Where they came from, for the message (e.g. a file name).
 * @throws {TypeError} Naming the first array whose length is wrong.
 *
 * @example
 * ```ts
 * import { validateWeights } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const ok = { inputs: 2, hidden: 1, classes: 2, W1: new Float32Array(2), b1: new Float32Array(1),
 *   W2: new Float32Array(2), b2: new Float32Array(2) };
 * validateWeights(ok);
 * assert.throws(() => validateWeights({ ...ok, b2: new Float32Array(3) }), TypeError);
 * ```
 */
export function validateWeights(weights: Weights, source = "weights"): void {
  const { inputs, hidden, classes } = weights;
  for (
    const [name, size] of [["inputs", inputs], ["hidden", hidden], ["classes", classes]] as const
  ) {
    if (!Number.isInteger(size) || size < 1) {
      throw new TypeError(`Cannot use ${source}: ${name} must be a positive integer, got ${size}`);
    }
  }
  const expected = { W1: hidden * inputs, b1: hidden, W2: classes * hidden, b2: classes };
  for (const [name, length] of Object.entries(expected) as [keyof typeof expected, number][]) {
    if (weights[name].length !== length) {
      throw new TypeError(
        `Cannot use ${source}: ${name} has ${
          weights[name].length
        } values but ${inputs}-${hidden}-${classes} needs ${length}`,
      );
    }
  }
}
