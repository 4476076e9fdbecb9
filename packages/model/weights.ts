import { type Activation, expectActivation } from "@simple-mnist/backend";

/**
 * A layered net's parameters on the host, row-major float32. `layers` lists
 * every width, input and output included: the seed's net is `[784, 10, 10]`.
 * Dense layer `l` (1-based, as in the equations) maps `layers[l−1]` units to
 * `layers[l]`: its weights `W[l−1]` are `layers[l] x layers[l−1]` and its
 * biases `b[l−1]` hold `layers[l]` values. So the seed's `W1` is `W[0]`.
 *
 * @example
 * ```ts
 * import { initWeights, type Weights } from "@simple-mnist/model";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const weights: Weights = initWeights(seededPrng(0), { hidden: [32, 16] });
 * assert.deepEqual(weights.layers, [784, 32, 16, 10]);
 * assert.equal(weights.W[1].length, 16 * 32);
 * ```
 */
export interface Weights {
  /** Every layer's width, from the inputs (784 for MNIST) to the classes (10 digits). */
  readonly layers: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** Each dense layer's weights, `layers[l] x layers[l−1]`. */
  readonly W: readonly Float32Array[];
  /** Each dense layer's biases, `layers[l]` values. */
  readonly b: readonly Float32Array[];
}

/**
 * The most parameters one net may hold (2^28, 1 GiB of float32 weights): a
 * larger net would need several GiB for its weights, gradients, optimizer
 * moments and batch buffers, more than a laptop-class machine has.
 *
 * @example
 * ```ts
 * import { MAX_PARAMETERS } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.ok(784 * 4096 < MAX_PARAMETERS);
 * ```
 */
export const MAX_PARAMETERS = 2 ** 28;

/**
 * A net's architecture as people write it: the widths joined by dashes.
 *
 * @param layers Every width, input and output included.
 * @returns For example `"784-512-256-10"`.
 *
 * @example
 * ```ts
 * import { architecture } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(architecture([784, 10, 10]), "784-10-10");
 * ```
 */
export function architecture(layers: readonly number[]): string {
  return layers.join("-");
}

/**
 * How many parameters (weights and biases) a net of these widths holds.
 *
 * @param layers Every width, input and output included.
 * @returns The count.
 *
 * @example
 * ```ts
 * import { parameterCount } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parameterCount([784, 10, 10]), 784 * 10 + 10 + 10 * 10 + 10);
 * ```
 */
export function parameterCount(layers: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < layers.length; l++) count += layers[l] * layers[l - 1] + layers[l];
  return count;
}

/**
 * Checks that widths describe a usable net: at least an input and an output
 * width, each a positive integer, and at most {@linkcode MAX_PARAMETERS}
 * parameters in all.
 *
 * @param layers The widths to check.
 * @param action What could not be done otherwise, for the message.
 * @throws {RangeError} Naming the first bad width, or the parameter count.
 *
 * @example
 * ```ts
 * import { validateLayers } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * validateLayers([784, 10, 10], "Cannot build the net");
 * assert.throws(() => validateLayers([784, 0, 10], "Cannot build the net"), RangeError);
 * ```
 */
export function validateLayers(layers: readonly number[], action: string): void {
  if (layers.length < 2) {
    throw new RangeError(
      `${action}: a net needs an input and an output width, got ${layers.length} width(s)`,
    );
  }
  for (let l = 0; l < layers.length; l++) {
    if (!Number.isInteger(layers[l]) || layers[l] < 1) {
      throw new RangeError(
        `${action}: width ${l} must be a positive integer, got ${layers[l]} (in ${
          architecture(layers)
        })`,
      );
    }
  }
  const count = parameterCount(layers);
  if (count > MAX_PARAMETERS) {
    throw new RangeError(
      `${action}: ${
        architecture(layers)
      } has ${count} parameters, more than the ${MAX_PARAMETERS} (1 GiB of float32) a net may hold`,
    );
  }
}

/**
 * Checks that each array of `weights` has the length its widths call for.
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
 * const ok = { layers: [2, 1, 2], activation: "relu" as const,
 *   W: [new Float32Array(2), new Float32Array(2)], b: [new Float32Array(1), new Float32Array(2)] };
 * validateWeights(ok);
 * assert.throws(() => validateWeights({ ...ok, b: [ok.b[0], new Float32Array(3)] }), TypeError);
 * ```
 */
export function validateWeights(weights: Weights, source = "weights"): void {
  const action = `Cannot use ${source}`;
  const { layers, W, b } = weights;
  try {
    validateLayers(layers, action);
    expectActivation(weights.activation, action);
  } catch (error) {
    throw new TypeError((error as Error).message);
  }
  const dense = layers.length - 1;
  if (W.length !== dense || b.length !== dense) {
    throw new TypeError(
      `${action}: ${
        architecture(layers)
      } has ${dense} dense layers but there are ${W.length} weight and ${b.length} bias arrays`,
    );
  }
  for (let l = 1; l <= dense; l++) {
    const expected = [[`W${l}`, W[l - 1], layers[l] * layers[l - 1]], [
      `b${l}`,
      b[l - 1],
      layers[l],
    ]] as const;
    for (const [name, array, length] of expected) {
      if (array.length !== length) {
        throw new TypeError(
          `${action}: ${name} has ${array.length} values but ${
            architecture(layers)
          } needs ${length}`,
        );
      }
    }
  }
}
