import { ACTIVATIONS_BY_TYPE } from "./activation_layer.ts";
import { CONV2D } from "./conv2d.ts";
import { DENSE } from "./dense.ts";
import { DROPOUT } from "./dropout.ts";
import { FLATTEN } from "./flatten.ts";
import { MAX_POOL_2D } from "./max_pool_2d.ts";
import type { LayerSpec } from "./layer.ts";
import type { LayerType } from "./layer_type.ts";

/**
 * The layer types this build knows, the registry that maps a model file's
 * `type` back to code: a new layer type is one file and one entry here.
 *
 * @example
 * ```ts
 * import { LAYER_TYPES } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(LAYER_TYPES.map((t) => t.type), [
 *   "dense", "relu", "leakyRelu", "tanh", "sigmoid", "dropout", "conv2d", "maxPool2d", "flatten",
 * ]);
 * ```
 */
export const LAYER_TYPES: readonly LayerType[] = [
  DENSE,
  ...Object.values(ACTIVATIONS_BY_TYPE),
  DROPOUT,
  CONV2D,
  MAX_POOL_2D,
  FLATTEN,
];

/**
 * Finds a layer type by name.
 *
 * @param name The type's name, e.g. `"dense"`.
 * @param types The registry to look in (default {@linkcode LAYER_TYPES}).
 * @returns The type.
 * @throws {TypeError} Naming the unknown type and the known ones.
 *
 * @example
 * ```ts
 * import { layerType } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(layerType("dense").type, "dense");
 * assert.throws(() => layerType("capsule"), /unknown layer type "capsule"/);
 * ```
 */
export function layerType(name: unknown, types: readonly LayerType[] = LAYER_TYPES): LayerType {
  const found = types.find((t) => t.type === name);
  if (found === undefined) {
    throw new TypeError(
      `unknown layer type ${JSON.stringify(name)} (this build knows ${
        types.map((t) => t.type).join(", ")
      })`,
    );
  }
  return found;
}

/**
 * Reads one layer spec from untrusted JSON: its type must be registered and
 * its fields valid for that type.
 *
 * @param json The value (from a model file, say).
 * @param types The registry (default {@linkcode LAYER_TYPES}).
 * @returns The spec, defaults filled in.
 * @throws {TypeError} If it is not an object, its type is unknown, or a field is wrong.
 *
 * @example
 * ```ts
 * import { parseLayer } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseLayer({ type: "dense", inputs: 784, units: 10 }), { type: "dense", inputs: 784, units: 10 });
 * assert.throws(() => parseLayer({ type: "dense", inputs: 784 }), /units must be a positive integer/);
 * ```
 */
export function parseLayer(json: unknown, types: readonly LayerType[] = LAYER_TYPES): LayerSpec {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new TypeError(`a layer must be an object with a "type", got ${JSON.stringify(json)}`);
  }
  const fields: Readonly<Record<string, unknown>> = { ...json };
  return layerType(fields.type, types).parse(fields);
}
