import { normal, type Prng, uniform } from "@simple-mnist/random";
import type { LayerSpec } from "./layer.ts";
import type { ParamSpec } from "./layer_type.ts";
import { shapeSize } from "./shape.ts";

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
 * The scheme to use when none is chosen: the seed's `uniform` for a net
 * with the seed's shape (one hidden layer of 10 units), where it was
 * tuned; for any other net the scheme that keeps activations at a steady
 * scale through its depth: `xavier` when its activations are all tanh or
 * sigmoid, `he` otherwise. (The seed's `U[−0.5, 0.5)` on a wide layer makes
 * the first logits in the tens, and costs Adam on 784-128-10 about two
 * points of accuracy after three epochs.)
 *
 * @param layers The net's layers.
 * @returns The scheme.
 *
 * @example
 * ```ts
 * import { dense, defaultInitScheme, mlp, relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultInitScheme(mlp([784, 10, 10], "relu")), "uniform");
 * assert.equal(defaultInitScheme(mlp([784, 512, 256, 10], "relu")), "he");
 * assert.equal(defaultInitScheme(mlp([784, 128, 10], "tanh")), "xavier");
 * assert.equal(defaultInitScheme([dense(784, 10)]), "he");
 * ```
 */
export function defaultInitScheme(layers: readonly LayerSpec[]): InitScheme {
  const learned = layers.filter((layer) => layer.type === "dense" || layer.type === "conv2d");
  const first = layers[0];
  if (
    learned.length === 2 && learned.every((layer) => layer.type === "dense") &&
    first.type === "dense" && first.units === 10
  ) {
    return "uniform";
  }
  const activations = layers.filter((layer) =>
    ["relu", "leakyRelu", "tanh", "sigmoid"].includes(layer.type)
  );
  const smooth = activations.length > 0 &&
    activations.every((layer) => layer.type === "tanh" || layer.type === "sigmoid");
  return smooth ? "xavier" : "he";
}

/**
 * Draws one parameter's first values by its role and the scheme, element
 * by element in order, so that the same generator state gives the same
 * values (the seed draws `W1` then `b1`, then `W2` then `b2`).
 *
 * @param prng The generator.
 * @param param The parameter: its shape, role and fan-in.
 * @param scheme The net's scheme.
 * @returns Its values, row-major.
 *
 * @example
 * ```ts
 * import { initialValues } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const W = initialValues(seededPrng(0), { name: "W", shape: [10, 784], role: "weight", fanIn: 784 }, "uniform");
 * assert.ok(W.every((v) => v >= -0.5 && v < 0.5));
 * const b = initialValues(seededPrng(0), { name: "b", shape: [10], role: "bias", fanIn: 784 }, "he");
 * assert.ok(b.every((v) => v === 0));
 * ```
 */
export function initialValues(prng: Prng, param: ParamSpec, scheme: InitScheme): Float32Array {
  const values = new Float32Array(shapeSize(param.shape));
  const draw = (sample: () => number) => {
    for (let e = 0; e < values.length; e++) values[e] = sample();
  };
  switch (param.role) {
    case "one":
      values.fill(1);
      break;
    case "zero":
      break;
    case "bias":
      if (scheme === "uniform") draw(() => uniform(prng, -0.5, 0.5));
      break;
    case "weight":
      if (scheme === "uniform") {
        draw(() => uniform(prng, -0.5, 0.5));
      } else {
        const std = Math.sqrt((scheme === "he" ? 2 : 1) / param.fanIn);
        draw(() => normal(prng, 0, std));
      }
      break;
  }
  return values;
}
