import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectCount, expectOnly } from "./_spec_fields.ts";
import { formatShape, type Shape } from "./shape.ts";

/**
 * A fully connected layer's spec: `inputs` units in, `units` out.
 *
 * @example
 * ```ts
 * import { dense, type DenseSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: DenseSpec = dense(784, 10);
 * assert.equal(spec.units, 10);
 * ```
 */
export type DenseSpec = {
  readonly type: "dense";
  /** Units in: the previous layer's output size. */
  readonly inputs: number;
  /** Units out. */
  readonly units: number;
};

/**
 * A fully connected layer, `Z = W·A + b`.
 *
 * @param inputs Units in (784 for MNIST's pixels).
 * @param units Units out.
 * @returns The spec.
 * @throws {RangeError} If a width is not a positive integer.
 *
 * @example
 * ```ts
 * import { dense } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(dense(784, 128), { type: "dense", inputs: 784, units: 128 });
 * assert.throws(() => dense(784, 0), RangeError);
 * ```
 */
export function dense(inputs: number, units: number): DenseSpec {
  for (const [name, value] of [["inputs", inputs], ["units", units]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `Cannot make dense(${inputs}, ${units}): ${name} must be a positive integer`,
      );
    }
  }
  return { type: "dense", inputs, units };
}

/**
 * A fully connected layer on a backend, samples as columns:
 *
 * ```text
 * forward:   Z[l]  = W[l]·A[l−1] + b[l]
 * backward:  dW[l] = dZ[l]·A[l−1]ᵀ / m
 *            db[l] = Σ dZ[l] / m          (per unit, over the m samples)
 *            dA[l−1] = W[l]ᵀ·dZ[l]         (not when nothing before it learns)
 * ```
 *
 * The seed's `Z1 = W1·X + b1` is layer 1 with `A[0] = X`; as the input
 * needs no gradient, the first layer skips `dA[0]`.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { dense, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const net = new Sequential(backend, [dense(2, 2)], {
 *   params: { W1: Float32Array.of(2, -1, 0, 1), b1: Float32Array.of(0.5, 0) },
 * });
 * const x = backend.create(2, 1);
 * backend.upload(x, [3, 4]);
 * assert.deepEqual([...await backend.download(net.layers[0].forward(x, false))], [2.5, 4]);
 * ```
 */
export class Dense<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: DenseSpec;
  /** `[inputs]`. */
  readonly inputShape: Shape;
  /** `[units]`. */
  readonly outputShape: Shape;
  /** `W[l]`, units x inputs, and its gradient. */
  readonly W: Param<T>;
  /** `b[l]`, units x 1, and its gradient. */
  readonly b: Param<T>;
  readonly #backend: Backend<T>;
  readonly #inputGradient: boolean;
  readonly #buffers = new Map<number, { Z: T; dA?: T }>();
  #input: T | undefined;

  /**
   * Builds the layer over the parameters the net made for it.
   *
   * @param spec The spec.
   * @param context The backend, the parameters and whether to return `dA[l−1]`.
   */
  constructor(spec: DenseSpec, context: BuildContext<T>) {
    this.spec = spec;
    this.#backend = context.backend;
    this.#inputGradient = context.inputGradient;
    this.inputShape = [spec.inputs];
    this.outputShape = [spec.units];
    this.W = { ...context.param("W"), isWeight: true };
    this.b = { ...context.param("b"), isWeight: false };
  }

  /** `Z[l] = W[l]·A[l−1] + b[l]`. */
  forward(A_prev: T): T {
    const Z = this.#buffersFor(A_prev.cols).Z;
    this.#backend.matmul(this.W.value, A_prev, Z);
    this.#backend.addBias(Z, this.b.value, Z);
    this.#input = A_prev;
    return Z;
  }

  /** `dW[l] = dZ[l]·A[l−1]ᵀ / m`, `db[l] = Σ dZ[l] / m`, `dA[l−1] = W[l]ᵀ·dZ[l]`. */
  backward(dZ: T): T | undefined {
    const A_prev = this.#input;
    if (A_prev === undefined || A_prev.cols !== dZ.cols) {
      throw new TypeError(
        `Cannot run ${DENSE.describe(this.spec)} backward: run forward first`,
      );
    }
    const m = dZ.cols;
    const b = this.#backend;
    b.matmul(dZ, A_prev, this.W.grad, { transposeB: true, alpha: 1 / m });
    b.rowSum(dZ, this.b.grad, 1 / m);
    if (!this.#inputGradient) return undefined;
    const dA_prev = this.#buffersFor(m).dA!;
    b.matmul(this.W.value, dZ, dA_prev, { transposeA: true });
    return dA_prev;
  }

  /** `W[l]` and `b[l]`. */
  params(): readonly Param<T>[] {
    return [this.W, this.b];
  }

  /** Frees the batch buffers. */
  dispose(): void {
    for (const { Z, dA } of this.#buffers.values()) {
      this.#backend.dispose(Z);
      if (dA !== undefined) this.#backend.dispose(dA);
    }
    this.#buffers.clear();
  }

  #buffersFor(m: number): { Z: T; dA?: T } {
    let buffers = this.#buffers.get(m);
    if (buffers === undefined) {
      const b = this.#backend;
      buffers = {
        Z: b.create(this.spec.units, m),
        dA: this.#inputGradient ? b.create(this.spec.inputs, m) : undefined,
      };
      this.#buffers.set(m, buffers);
    }
    return buffers;
  }
}

/**
 * The `dense` layer type: `W` (`[units, inputs]`) and `b` (`[units]`).
 *
 * @example
 * ```ts
 * import { DENSE, dense } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(DENSE.outputShape(dense(784, 10), [784]), [10]);
 * assert.throws(() => DENSE.outputShape(dense(64, 10), [128]), /it takes 64 inputs/);
 * ```
 */
export const DENSE: LayerType<DenseSpec> = {
  type: "dense",
  parse(json) {
    expectOnly(json, ["inputs", "units"]);
    return dense(expectCount(json, "inputs"), expectCount(json, "units"));
  },
  declaredInput: (spec) => [spec.inputs],
  outputShape(spec, input) {
    if (input.length !== 1) {
      throw new RangeError(
        `it takes vectors of ${spec.inputs} (flatten the ${formatShape(input)} images first)`,
      );
    }
    if (input[0] !== spec.inputs) throw new RangeError(`it takes ${spec.inputs} inputs`);
    return [spec.units];
  },
  params: (spec) => [
    { name: "W", shape: [spec.units, spec.inputs], role: "weight", fanIn: spec.inputs },
    { name: "b", shape: [spec.units], role: "bias", fanIn: spec.inputs },
  ],
  describe: (spec) => `dense(${spec.inputs}, ${spec.units})`,
  build: (spec, context) => new Dense(spec, context),
};
