import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Param } from "./layer.ts";
import { decayWeights, stateFor } from "./_optimizer_state.ts";
import type { Optimizer } from "./optimizer.ts";

/**
 * Nesterov momentum: the step looks ahead along the new velocity. cs231n
 * writes it `w += −μ·v_prev + (1 + μ)·v`; expanding `v = μ·v_prev − α·dw`
 * gives the same step without keeping `v_prev`:
 *
 * ```text
 * v := μ·v − α·dw
 * w := w + μ·v − α·dw
 * ```
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { Nesterov } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [w, dw] = [backend.create(1, 1), backend.create(1, 1)];
 * backend.upload(dw, [1]);
 * new Nesterov(backend, 0.5).step([{ name: "W1", isWeight: true, value: w, grad: dw }], 1);
 * // v = −1; w = 0 + 0.5·(−1) − 1
 * assert.equal((await backend.download(w))[0], -1.5);
 * ```
 */
export class Nesterov<T extends Tensor> implements Optimizer<T> {
  /** `"nesterov"`. */
  readonly name = "nesterov";
  /** μ. */
  readonly momentum: number;
  /** Decoupled weight decay λ. */
  readonly weightDecay: number;
  readonly #backend: Backend<T>;
  readonly #velocity = new Map<T, T>();

  /**
   * Creates the rule; its velocities are made at the first step.
   *
   * @param backend The backend that owns the parameters.
   * @param momentum μ, in [0, 1).
   * @param weightDecay Decoupled weight decay λ (default 0).
   */
  constructor(backend: Backend<T>, momentum: number, weightDecay = 0) {
    this.#backend = backend;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  /** `v := μ·v − α·dw`, `w := w + μ·v − α·dw`. */
  step(params: readonly Param<T>[], learningRate: number): void {
    const b = this.#backend;
    const mu = this.momentum;
    decayWeights(b, params, learningRate, this.weightDecay);
    for (const { value: w, grad: dw } of params) {
      const v = stateFor(b, this.#velocity, w);
      b.axpby(mu, v, -learningRate, dw, v);
      b.axpby(1, w, mu, v, w);
      b.axpby(1, w, -learningRate, dw, w);
    }
  }

  /** Frees the velocities. */
  dispose(): void {
    for (const v of this.#velocity.values()) this.#backend.dispose(v);
    this.#velocity.clear();
  }
}
