import type { Activation, Backend, Tensor } from "@simple-mnist/backend";
import type { Layer, LayerSpec, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectOnly } from "./_spec_fields.ts";
import type { Shape } from "./shape.ts";

/**
 * An activation layer's spec: which `g` it applies, element-wise.
 *
 * @example
 * ```ts
 * import { type ActivationSpec, relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: ActivationSpec = relu();
 * assert.equal(spec.type, "relu");
 * ```
 */
export type ActivationSpec = { readonly type: "relu" | "leakyRelu" | "tanh" | "sigmoid" };

/**
 * ReLU, `g(z) = max(z, 0)`: the seed's hidden activation.
 *
 * @returns The spec.
 *
 * @example
 * ```ts
 * import { relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(relu(), { type: "relu" });
 * ```
 */
export function relu(): ActivationSpec {
  return { type: "relu" };
}

/**
 * Leaky ReLU, `g(z) = z` for `z > 0`, else `0.01·z`.
 *
 * @returns The spec.
 *
 * @example
 * ```ts
 * import { leakyRelu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(leakyRelu(), { type: "leakyRelu" });
 * ```
 */
export function leakyRelu(): ActivationSpec {
  return { type: "leakyRelu" };
}

/**
 * The hyperbolic tangent, `g(z) = tanh(z)`.
 *
 * @returns The spec.
 *
 * @example
 * ```ts
 * import { tanh } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tanh(), { type: "tanh" });
 * ```
 */
export function tanh(): ActivationSpec {
  return { type: "tanh" };
}

/**
 * The logistic sigmoid, `g(z) = 1 / (1 + e^−z)`.
 *
 * @returns The spec.
 *
 * @example
 * ```ts
 * import { sigmoid } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sigmoid(), { type: "sigmoid" });
 * ```
 */
export function sigmoid(): ActivationSpec {
  return { type: "sigmoid" };
}

const ACTIVATION_TYPES = ["relu", "leakyRelu", "tanh", "sigmoid"] as const;

/** The backend's name for each activation layer type. */
const BACKEND_ACTIVATION: Readonly<Record<ActivationSpec["type"], Activation>> = {
  relu: "relu",
  leakyRelu: "leaky-relu",
  tanh: "tanh",
  sigmoid: "sigmoid",
};

/**
 * The activation layer spec that applies a backend activation: the bridge
 * from `--activation leaky-relu` to `leakyRelu()`.
 *
 * @param activation The backend's name for it.
 * @returns The spec.
 *
 * @example
 * ```ts
 * import { activationLayer } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(activationLayer("leaky-relu"), { type: "leakyRelu" });
 * ```
 */
export function activationLayer(activation: Activation): ActivationSpec {
  const type = ACTIVATION_TYPES.find((type) => BACKEND_ACTIVATION[type] === activation);
  if (type === undefined) throw new RangeError(`Cannot make a layer of activation "${activation}"`);
  return { type };
}

/**
 * The backend activation an activation layer applies, or undefined for any
 * other layer: the bridge back from `leakyRelu()` to `leaky-relu`.
 *
 * @param spec A layer spec.
 * @returns The activation's backend name, or undefined.
 *
 * @example
 * ```ts
 * import { activationOf, dense, leakyRelu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(activationOf(leakyRelu()), "leaky-relu");
 * assert.equal(activationOf(dense(2, 2)), undefined);
 * ```
 */
export function activationOf(spec: LayerSpec): Activation | undefined {
  const type = ACTIVATION_TYPES.find((type) => type === spec.type);
  return type === undefined ? undefined : BACKEND_ACTIVATION[type];
}

/**
 * A hidden layer's activation `g` on a backend, element-wise:
 *
 * ```text
 * forward:   A[l]  = g(Z[l])
 * backward:  dZ[l] = dA[l] ⊙ g′(Z[l])
 * ```
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { relu, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [layer] = new Sequential(backend, [relu()], { input: [2] }).layers;
 * const z = backend.create(2, 1);
 * backend.upload(z, [-1, 3]);
 * layer.forward(z, true);
 * const dA = backend.create(2, 1);
 * backend.upload(dA, [5, 7]);
 * assert.deepEqual([...await backend.download(layer.backward(dA)!)], [0, 7]);
 * ```
 */
export class ActivationLayer<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: ActivationSpec;
  /** The shape in, which is the shape out. */
  readonly inputShape: Shape;
  /** The shape out. */
  readonly outputShape: Shape;
  /** The backend's name for `g`. */
  readonly activation: Activation;
  readonly #backend: Backend<T>;
  readonly #A = new Map<number, T>();
  #Z: T | undefined;

  /**
   * Creates the layer; its buffers are made per batch size on first use.
   *
   * @param spec Which `g`.
   * @param context The backend and the input shape.
   */
  constructor(spec: ActivationSpec, context: BuildContext<T>) {
    this.spec = spec;
    this.#backend = context.backend;
    this.inputShape = context.input;
    this.outputShape = context.input;
    this.activation = BACKEND_ACTIVATION[spec.type];
  }

  /** `A[l] = g(Z[l])`. */
  forward(Z: T): T {
    let A = this.#A.get(Z.cols);
    if (A === undefined) {
      A = this.#backend.create(Z.rows, Z.cols);
      this.#A.set(Z.cols, A);
    }
    this.#backend.activate(Z, A, this.activation);
    this.#Z = Z;
    return A;
  }

  /** `dZ[l] = dA[l] ⊙ g′(Z[l])`, written over `dA[l]`. */
  backward(dA: T): T {
    const Z = this.#Z;
    if (Z === undefined || Z.cols !== dA.cols) {
      throw new TypeError(`Cannot run ${this.spec.type}() backward: run forward first`);
    }
    this.#backend.activateGrad(dA, Z, dA, this.activation);
    return dA;
  }

  /** None. */
  params(): readonly Param<T>[] {
    return [];
  }

  /** ReLU's and leaky ReLU's kink is at 0: the sign of each input of the last pass. */
  async kinks(): Promise<Uint8Array> {
    if (this.#Z === undefined || this.activation === "tanh" || this.activation === "sigmoid") {
      return new Uint8Array(0);
    }
    return Uint8Array.from(await this.#backend.download(this.#Z), (z) => (z > 0 ? 1 : 0));
  }

  /** Frees the batch buffers. */
  dispose(): void {
    for (const A of this.#A.values()) this.#backend.dispose(A);
    this.#A.clear();
  }
}

function activationType(type: ActivationSpec["type"]): LayerType<ActivationSpec> {
  return {
    type,
    parse(json) {
      expectOnly(json, []);
      return { type };
    },
    outputShape: (_spec, input) => input,
    params: () => [],
    describe: () => `${type}()`,
    build: (spec, context) => new ActivationLayer(spec, context),
  };
}

/**
 * The four activation layer types, by name.
 *
 * @example
 * ```ts
 * import { ACTIVATIONS_BY_TYPE } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Object.keys(ACTIVATIONS_BY_TYPE), ["relu", "leakyRelu", "tanh", "sigmoid"]);
 * assert.deepEqual(ACTIVATIONS_BY_TYPE.tanh.outputShape({ type: "tanh" }, [16, 8, 8]), [16, 8, 8]);
 * ```
 */
export const ACTIVATIONS_BY_TYPE: Readonly<Record<string, LayerType<ActivationSpec>>> = Object
  .fromEntries(ACTIVATION_TYPES.map((type) => [type, activationType(type)]));
