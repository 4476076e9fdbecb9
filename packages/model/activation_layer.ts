import type { Activation, Backend, Tensor } from "@simple-mnist/backend";
import type { Layer, Param } from "./layer.ts";

/**
 * A hidden layer's activation `g` (ReLU, leaky ReLU, tanh or sigmoid),
 * element-wise:
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
 * import { ActivationLayer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const relu = new ActivationLayer(backend, 2, "relu");
 * const z = backend.create(2, 1);
 * backend.upload(z, [-1, 3]);
 * relu.forward(z);
 * const dA = backend.create(2, 1);
 * backend.upload(dA, [5, 7]);
 * assert.deepEqual([...await backend.download(relu.backward(dA))], [0, 7]);
 * ```
 */
export class ActivationLayer<T extends Tensor> implements Layer<T> {
  /** Units in and out. */
  readonly inputs: number;
  /** Units in and out. */
  readonly outputs: number;
  /** Which `g`. */
  readonly activation: Activation;
  readonly #backend: Backend<T>;
  readonly #A = new Map<number, T>();
  #Z: T | undefined;

  /**
   * Creates the layer; its buffers are made per batch size on first use.
   *
   * @param backend The backend that owns the tensors.
   * @param units Units per sample.
   * @param activation Which `g`.
   */
  constructor(backend: Backend<T>, units: number, activation: Activation) {
    this.#backend = backend;
    this.inputs = units;
    this.outputs = units;
    this.activation = activation;
  }

  /** The activation's name, e.g. `relu`. */
  get description(): string {
    return this.activation;
  }

  /** `A[l] = g(Z[l])`. */
  forward(Z: T): T {
    let A = this.#A.get(Z.cols);
    if (A === undefined) {
      A = this.#backend.create(this.outputs, Z.cols);
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
      throw new TypeError(`Cannot run ${this.activation} backward: run forward on the batch first`);
    }
    this.#backend.activateGrad(dA, Z, dA, this.activation);
    return dA;
  }

  /** None. */
  params(): Param<T>[] {
    return [];
  }

  /** Frees the batch buffers. */
  dispose(): void {
    for (const A of this.#A.values()) this.#backend.dispose(A);
    this.#A.clear();
  }
}
