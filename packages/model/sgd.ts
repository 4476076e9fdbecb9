import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Param } from "./layer.ts";
import { decayWeights } from "./_optimizer_state.ts";
import type { Optimizer } from "./optimizer.ts";

/**
 * Vanilla gradient descent, the seed's update:
 *
 * ```text
 * w := w − α·dw
 * ```
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { Sgd } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [w, dw] = [backend.create(1, 1), backend.create(1, 1)];
 * backend.upload(w, [1]);
 * backend.upload(dw, [2]);
 * new Sgd(backend).step([{ name: "W1", isWeight: true, value: w, grad: dw }], 0.25);
 * assert.equal((await backend.download(w))[0], 0.5);
 * ```
 */
export class Sgd<T extends Tensor> implements Optimizer<T> {
  /** `"sgd"`. */
  readonly name = "sgd";
  /** Decoupled weight decay λ. */
  readonly weightDecay: number;
  readonly #backend: Backend<T>;

  /**
   * Creates the rule.
   *
   * @param backend The backend that owns the parameters.
   * @param weightDecay Decoupled weight decay λ (default 0).
   */
  constructor(backend: Backend<T>, weightDecay = 0) {
    this.#backend = backend;
    this.weightDecay = weightDecay;
  }

  /** `w := w − α·dw` for every parameter. */
  step(params: readonly Param<T>[], learningRate: number): void {
    const b = this.#backend;
    decayWeights(b, params, learningRate, this.weightDecay);
    for (const { value: w, grad: dw } of params) b.axpby(1, w, -learningRate, dw, w);
  }

  /** Nothing to free. */
  dispose(): void {}
}
