import type { LayerSpec } from "./layer.ts";
import type { LayerType, ParamSpec } from "./layer_type.ts";
import { LAYER_TYPES, layerType } from "./layer_types.ts";
import { expectShapeValue, formatShape, type Shape, shapeSize } from "./shape.ts";

/**
 * A net as values: the shape of one input sample and the list of layer
 * specs. It is what a model file records and what `--layers` describes.
 *
 * @example
 * ```ts
 * import { mlp, type NetConfig } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const seed: NetConfig = { input: [784], layers: mlp([784, 10, 10], "relu") };
 * assert.equal(seed.layers.length, 3);
 * ```
 */
export interface NetConfig {
  /** One input sample's shape: `[784]`, or `[1, 28, 28]` for a net that sees images. */
  readonly input: Shape;
  /** The layers, in forward order (the softmax cross-entropy head is implicit). */
  readonly layers: readonly LayerSpec[];
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
 * One layer of a planned net: its type, spec, shapes and its parameters
 * with the net's names for them.
 *
 * @example
 * ```ts
 * import { mlp, planNet } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const [first] = planNet(mlp([784, 10, 10], "relu")).plans;
 * assert.deepEqual(first.params.map((p) => p.name), ["W1", "b1"]);
 * ```
 */
export interface LayerPlan {
  /** The layer's type. */
  readonly kind: LayerType;
  /** Its spec. */
  readonly spec: LayerSpec;
  /** One input sample's shape. */
  readonly input: Shape;
  /** One output sample's shape. */
  readonly output: Shape;
  /** Its parameters: the net's name (`W1`) and the type's declaration. */
  readonly params: readonly { readonly name: string; readonly spec: ParamSpec }[];
}

/**
 * Works out a net without building it: each layer's type, shapes and
 * parameter names (`W1`, `b1` for the first layer that has parameters,
 * `W2`, `b2` for the next). It is what {@linkcode Sequential} builds from,
 * and what a model file is checked against.
 *
 * @param layers The layer specs.
 * @param input One input sample's shape (default: what the first layer states).
 * @param types The layer types the specs may name (default {@linkcode LAYER_TYPES}).
 * @returns The plans, the net as values, and how many classes it outputs.
 * @throws {TypeError} If a type is unknown, the shapes do not chain (naming both layers
 * and both shapes), the last layer does not output a vector of at least 2 classes, two
 * parameters would share a name, or there are more than {@linkcode MAX_PARAMETERS}.
 *
 * @example
 * ```ts
 * import { dense, planNet, relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(planNet([dense(784, 128), relu(), dense(128, 10)]).output, 10);
 * assert.throws(() => planNet([dense(784, 128), dense(64, 10)]), /layer 2, dense\(64, 10\), cannot take the 128 output of layer 1/);
 * ```
 */
export function planNet(
  layers: readonly LayerSpec[],
  input?: Shape,
  types: readonly LayerType[] = LAYER_TYPES,
): { plans: LayerPlan[]; config: NetConfig; output: number } {
  const fail = (why: string): never => {
    throw new TypeError(`Cannot build the net: ${why}`);
  };
  if (layers.length === 0) fail("it has no layers");
  const kinds = layers.map((spec, i) => {
    try {
      return layerType(spec.type, types);
    } catch (error) {
      return fail(`layer ${i + 1} has an ${(error as Error).message}`);
    }
  });
  const stated = input ?? kinds[0].declaredInput?.(layers[0]);
  if (stated === undefined) {
    fail(
      `the first layer, ${
        kinds[0].describe(layers[0])
      }, does not state its input shape: pass input`,
    );
  }
  const config: NetConfig = {
    input: expectShapeValue(stated, "The net's input"),
    layers: [...layers],
  };

  let shape = config.input;
  let numbered = 0;
  const seen = new Set<string>();
  const plans = layers.map((spec, i): LayerPlan => {
    const kind = kinds[i];
    let output: Shape;
    try {
      output = kind.outputShape(spec, shape);
    } catch (error) {
      const previous = i === 0
        ? `the input ${formatShape(shape)}`
        : `the ${formatShape(shape)} output of layer ${i}, ${kinds[i - 1].describe(layers[i - 1])}`;
      return fail(
        `layer ${i + 1}, ${kind.describe(spec)}, cannot take ${previous}: ${
          (error as Error).message
        }`,
      );
    }
    const declared = kind.params(spec, shape);
    if (declared.length > 0) numbered++;
    const params = declared.map((param) => {
      const name = `${param.name}${numbered}`;
      if (seen.has(name)) {
        fail(`layer ${i + 1}, ${kind.describe(spec)}, repeats the parameter name ${name}`);
      }
      seen.add(name);
      return { name, spec: param };
    });
    const plan = { kind, spec, input: shape, output, params };
    shape = output;
    return plan;
  });
  const count = plans.reduce(
    (n, plan) => n + plan.params.reduce((k, p) => k + shapeSize(p.spec.shape), 0),
    0,
  );
  if (count > MAX_PARAMETERS) {
    fail(
      `it has ${count} parameters, more than the ${MAX_PARAMETERS} (1 GiB of float32) a net may hold`,
    );
  }
  if (shape.length !== 1 || shape[0] < 2) {
    fail(
      `the last layer outputs ${
        formatShape(shape)
      } per sample, but the softmax head needs a vector of at least 2 classes`,
    );
  }
  return { plans, config, output: shape[0] };
}

/**
 * The floats a planned net's batch buffers hold per sample, forward and
 * backward: the sum over its layers of what each type states
 * ({@linkcode LayerType.floatsPerSample}), or by default its output and its
 * input's gradient. Evaluation sizes its chunks by it, and a recipe refuses
 * a full batch that would not fit.
 *
 * @param plans The layers, from {@linkcode planNet}.
 * @returns Floats per sample.
 *
 * @example
 * ```ts
 * import { conv2d, dense, flatten, floatsPerSample, mlp, planNet } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(floatsPerSample(planNet(mlp([784, 10], "relu")).plans), 10 + 784);
 * const conv = planNet([conv2d(16, 5), flatten(), dense(9216, 10)], [1, 28, 28]).plans;
 * assert.ok(floatsPerSample(conv) > 25 * 24 * 24); // the im2col columns
 * ```
 */
export function floatsPerSample(plans: readonly LayerPlan[]): number {
  return plans.reduce(
    (n, plan) =>
      n + (plan.kind.floatsPerSample?.(plan.spec, plan.input) ??
        shapeSize(plan.output) + shapeSize(plan.input)),
    0,
  );
}
