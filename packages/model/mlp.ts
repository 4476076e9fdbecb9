import type { Activation } from "@simple-mnist/backend";
import { activationLayer, activationOf } from "./activation_layer.ts";
import { dense } from "./dense.ts";
import { dropout } from "./dropout.ts";
import type { LayerSpec } from "./layer.ts";

/**
 * A multilayer perceptron as layers: `dense, g, dense, g, …, dense`, with
 * `widths` listing every width from the inputs to the classes and `g` after
 * every hidden layer (then dropout, when asked). `mlp([784, 10, 10],
 * "relu")` is the seed's net.
 *
 * @param widths Every width, input and output included.
 * @param activation The hidden layers' activation.
 * @param options `dropout`: inverted dropout with this rate after each hidden activation.
 * @returns The layers.
 * @throws {RangeError} If there are fewer than two widths or one is not a positive integer.
 *
 * @example
 * ```ts
 * import { dense, mlp, relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(mlp([784, 10, 10], "relu"), [dense(784, 10), relu(), dense(10, 10)]);
 * assert.equal(mlp([784, 512, 256, 10], "tanh", { dropout: 0.2 }).length, 7);
 * ```
 */
export function mlp(
  widths: readonly number[],
  activation: Activation,
  options: { dropout?: number } = {},
): LayerSpec[] {
  if (widths.length < 2) {
    throw new RangeError(
      `Cannot make an MLP: it needs an input and an output width, got ${widths.length}`,
    );
  }
  const rate = options.dropout ?? 0;
  const layers: LayerSpec[] = [];
  for (let l = 1; l < widths.length; l++) {
    layers.push(dense(widths[l - 1], widths[l]));
    if (l < widths.length - 1) {
      layers.push(activationLayer(activation));
      if (rate > 0) layers.push(dropout(rate));
    }
  }
  return layers;
}

/**
 * What an MLP is made of, when `layers` is one (dense layers, each but the
 * last followed by one and the same activation, and optionally dropout):
 * its widths, activation and dropout rate. Undefined for any other net.
 *
 * @param layers The layers.
 * @returns The MLP's shape, or undefined.
 *
 * @example
 * ```ts
 * import { dense, mlp, mlpShape, relu, tanh } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(mlpShape(mlp([784, 32, 10], "tanh")), { widths: [784, 32, 10], activation: "tanh", dropout: 0 });
 * assert.equal(mlpShape([dense(784, 8), tanh(), dense(8, 8), relu(), dense(8, 10)]), undefined);
 * ```
 */
export function mlpShape(
  layers: readonly LayerSpec[],
): { widths: number[]; activation: Activation; dropout: number } | undefined {
  const widths: number[] = [];
  let activation: Activation | undefined;
  let rate: number | undefined;
  let i = 0;
  while (i < layers.length) {
    const layer = layers[i++];
    if (layer.type !== "dense" || typeof layer.inputs !== "number") return undefined;
    if (typeof layer.units !== "number") return undefined;
    if (widths.length === 0) widths.push(layer.inputs);
    if (widths[widths.length - 1] !== layer.inputs) return undefined;
    widths.push(layer.units);
    if (i === layers.length) break;
    const name = activationOf(layers[i++]);
    if (name === undefined || (activation !== undefined && name !== activation)) return undefined;
    activation = name;
    const next = layers[i];
    const layerRate = next?.type === "dropout" && typeof next.rate === "number" ? next.rate : 0;
    if (rate !== undefined && layerRate !== rate) return undefined;
    rate = layerRate;
    if (layerRate > 0) i++;
    if (i === layers.length) return undefined;
  }
  if (widths.length < 2) return undefined;
  return { widths, activation: activation ?? "relu", dropout: rate ?? 0 };
}
