import type { Tensor } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectOnly } from "./_spec_fields.ts";
import { type Shape, shapeSize } from "./shape.ts";

/**
 * A flatten layer's spec: no settings.
 *
 * @example
 * ```ts
 * import { flatten, type FlattenSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: FlattenSpec = flatten();
 * assert.equal(spec.type, "flatten");
 * ```
 */
export type FlattenSpec = { readonly type: "flatten" };

/**
 * Flattens a C x H x W image into a vector of C·H·W, so that a dense layer
 * can take it (Keras's `Flatten`).
 *
 * @returns The spec.
 *
 * @example
 * ```ts
 * import { flatten } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(flatten(), { type: "flatten" });
 * ```
 */
export function flatten(): FlattenSpec {
  return { type: "flatten" };
}

/**
 * Flatten on a backend. An image batch already is a `(C·H·W) x m` tensor,
 * each column one image, channel-major (pixel (c, y, x) in row
 * `c·H·W + y·W + x`), which is the vector a dense layer reads: only the
 * shape changes, not a value, so both passes hand their tensor on.
 *
 * ```text
 * forward:   A  = X           (C·H·W) x m, read as vectors
 * backward:  dX = dA
 * ```
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { flatten, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [layer] = new Sequential(backend, [flatten()], { input: [2, 3, 3] }).layers;
 * assert.deepEqual(layer.outputShape, [18]);
 * const x = backend.create(18, 2);
 * assert.equal(layer.forward(x, false), x);
 * ```
 */
export class Flatten<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: FlattenSpec;
  /** The image shape in. */
  readonly inputShape: Shape;
  /** `[C·H·W]`. */
  readonly outputShape: Shape;

  /**
   * Creates the layer.
   *
   * @param spec The spec.
   * @param context The input shape.
   */
  constructor(spec: FlattenSpec, context: BuildContext<T>) {
    this.spec = spec;
    this.inputShape = context.input;
    this.outputShape = [shapeSize(context.input)];
  }

  /** `A = X`. */
  forward(X: T): T {
    return X;
  }

  /** `dX = dA`. */
  backward(dA: T): T {
    return dA;
  }

  /** None. */
  params(): readonly Param<T>[] {
    return [];
  }

  /** Nothing to free. */
  dispose(): void {}
}

/**
 * The `flatten` layer type: any shape in, a vector of its size out.
 *
 * @example
 * ```ts
 * import { FLATTEN, flatten } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(FLATTEN.outputShape(flatten(), [32, 4, 4]), [512]);
 * ```
 */
export const FLATTEN: LayerType<FlattenSpec> = {
  type: "flatten",
  parse(json) {
    expectOnly(json, []);
    return flatten();
  },
  outputShape: (_spec, input) => [shapeSize(input)],
  params: () => [],
  describe: () => "flatten()",
  floatsPerSample: () => 0,
  build: (spec, context) => new Flatten(spec, context),
};
