import { type Activation, expectActivation } from "@simple-mnist/backend";
import { normal, type Prng, uniform } from "@simple-mnist/random";
import { validateLayers, type Weights } from "./weights.ts";

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
 * The scheme to use when none is chosen: the seed's `uniform` for the
 * seed's own net (one hidden layer of 10 units), where it was tuned; for
 * any other net the scheme that keeps activations at a steady scale
 * through its depth: `he` for ReLU and leaky ReLU, `xavier` for tanh and
 * sigmoid. (The seed's `U[−0.5, 0.5)` on a wide layer makes the first
 * logits in the tens, and costs Adam on 784-128-10 about two points of
 * accuracy after three epochs.)
 *
 * @param hidden The hidden widths.
 * @param activation The hidden activation.
 * @returns The scheme.
 *
 * @example
 * ```ts
 * import { defaultInitScheme } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultInitScheme([10], "relu"), "uniform");
 * assert.equal(defaultInitScheme([512, 256], "relu"), "he");
 * assert.equal(defaultInitScheme([128], "tanh"), "xavier");
 * ```
 */
export function defaultInitScheme(hidden: readonly number[], activation: Activation): InitScheme {
  if (hidden.length === 1 && hidden[0] === 10) return "uniform";
  return activation === "relu" || activation === "leaky-relu" ? "he" : "xavier";
}

/**
 * Shape and initialisation of a new net.
 *
 * @example
 * ```ts
 * import { initWeights, type InitOptions } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const options: InitOptions = { hidden: [512, 256], init: "he" };
 * assert.deepEqual(initWeights(seededPrng(0), options).layers, [784, 512, 256, 10]);
 * ```
 */
export interface InitOptions {
  /** Input features (default 784). */
  inputs?: number;
  /** Hidden widths, one per hidden layer (default 10: the seed's one layer of 10). */
  hidden?: number | readonly number[];
  /** Output classes (default 10). */
  classes?: number;
  /** The scheme (default `"uniform"`, as the seed). */
  init?: InitScheme;
  /** The hidden layers' activation (default `"relu"`, as the seed). */
  activation?: Activation;
}

/**
 * Draws a net's first weights, layer by layer from the input side, each
 * layer's weights before its biases (the seed's order: `W1, b1, W2, b2`).
 *
 * @param prng The generator; the same seed gives the same weights.
 * @param options Shape, scheme and activation.
 * @returns Fresh weights.
 * @throws {RangeError} On an unknown scheme or activation, or a bad width.
 *
 * @example
 * ```ts
 * import { initWeights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const w = initWeights(seededPrng(0), { hidden: 10 });
 * assert.equal(w.W[0].length, 10 * 784);
 * assert.ok(w.W[0].every((v) => v >= -0.5 && v < 0.5));
 * ```
 */
export function initWeights(prng: Prng, options: InitOptions = {}): Weights {
  const { inputs = 784, hidden = 10, classes = 10, init = "uniform", activation = "relu" } =
    options;
  const action = "Cannot initialise weights";
  const layers = [inputs, ...(typeof hidden === "number" ? [hidden] : hidden), classes];
  validateLayers(layers, action);
  expectActivation(activation, action);
  if (!INIT_SCHEMES.includes(init)) {
    throw new RangeError(
      `${action}: unknown scheme "${init}", expected one of ${INIT_SCHEMES.join(", ")}`,
    );
  }
  const W: Float32Array[] = [];
  const b: Float32Array[] = [];
  for (let l = 1; l < layers.length; l++) {
    const [fanOut, fanIn] = [layers[l], layers[l - 1]];
    const Wl = new Float32Array(fanOut * fanIn);
    const bl = new Float32Array(fanOut);
    if (init === "uniform") {
      for (let e = 0; e < Wl.length; e++) Wl[e] = uniform(prng, -0.5, 0.5);
      for (let e = 0; e < bl.length; e++) bl[e] = uniform(prng, -0.5, 0.5);
    } else {
      const std = Math.sqrt((init === "he" ? 2 : 1) / fanIn);
      for (let e = 0; e < Wl.length; e++) Wl[e] = normal(prng, 0, std);
    }
    W.push(Wl);
    b.push(bl);
  }
  return { layers, activation, W, b };
}
