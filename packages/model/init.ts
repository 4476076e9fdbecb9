import { normal, type Prng, uniform } from "@simple-mnist/random";
import type { Weights } from "./weights.ts";

/**
 * How the first weights are drawn:
 * - `uniform`: the seed's `U[−0.5, 0.5)` for weights and biases alike;
 * - `xavier`: weights from `N(0, 1/fan_in)`, biases 0;
 * - `he`: weights from `N(0, 2/fan_in)`, biases 0 (suited to ReLU).
 *
 * @example
 * ```ts
 * import type { InitScheme } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const scheme: InitScheme = "xavier";
 * assert.equal(scheme, "xavier");
 * ```
 */
export type InitScheme = "uniform" | "xavier" | "he";

/**
 * The initialisation schemes, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import { INIT_SCHEMES } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(INIT_SCHEMES, ["uniform", "xavier", "he"]);
 * ```
 */
export const INIT_SCHEMES: readonly InitScheme[] = ["uniform", "xavier", "he"];

/**
 * Shape and initialisation of a new two-layer net.
 *
 * @example
 * ```ts
 * import { initWeights, type InitOptions } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const options: InitOptions = { hidden: 32, init: "he" };
 * assert.equal(initWeights(seededPrng(0), options).b1.length, 32);
 * ```
 */
export interface InitOptions {
  /** Input features (default 784). */
  inputs?: number;
  /** Hidden units (default 10, as the seed). */
  hidden?: number;
  /** Output classes (default 10). */
  classes?: number;
  /** The scheme (default `"uniform"`, as the seed). */
  init?: InitScheme;
}

/**
 * Draws a new net's weights from a seeded generator.
 *
 * @param prng The generator; the same seed gives the same weights.
 * @param options Shape and scheme.
 * @returns Fresh weights.
 * @throws {RangeError} On an unknown scheme or a non-positive size.
 *
 * @example
 * ```ts
 * import { initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const w = initWeights(seededPrng(0), { hidden: 10 });
 * assert.equal(w.W1.length, 10 * 784);
 * assert.ok(w.W1.every((v) => v >= -0.5 && v < 0.5));
 * ```
 */
export function initWeights(prng: Prng, options: InitOptions = {}): Weights {
  const { inputs = 784, hidden = 10, classes = 10, init = "uniform" } = options;
  for (
    const [name, size] of [["inputs", inputs], ["hidden", hidden], ["classes", classes]] as const
  ) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(
        `Cannot initialise weights: ${name} must be a positive integer, got ${size}`,
      );
    }
  }
  if (!INIT_SCHEMES.includes(init)) {
    throw new RangeError(
      `Cannot initialise weights: unknown scheme "${init}", expected one of ${
        INIT_SCHEMES.join(", ")
      }`,
    );
  }
  const layer = (fanOut: number, fanIn: number) => {
    const W = new Float32Array(fanOut * fanIn);
    const b = new Float32Array(fanOut);
    if (init === "uniform") {
      for (let e = 0; e < W.length; e++) W[e] = uniform(prng, -0.5, 0.5);
      for (let e = 0; e < b.length; e++) b[e] = uniform(prng, -0.5, 0.5);
    } else {
      const std = Math.sqrt((init === "he" ? 2 : 1) / fanIn);
      for (let e = 0; e < W.length; e++) W[e] = normal(prng, 0, std);
    }
    return [W, b] as const;
  };
  const [W1, b1] = layer(hidden, inputs);
  const [W2, b2] = layer(classes, hidden);
  return { inputs, hidden, classes, W1, b1, W2, b2 };
}
