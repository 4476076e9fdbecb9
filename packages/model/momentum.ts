import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Param } from "./layer.ts";
import { decayWeights, stateFor } from "./_optimizer_state.ts";
import type { Optimizer } from "./optimizer.ts";

/**
 * Gradient descent with momentum (cs231n's `sgd_momentum`): a velocity
 * that remembers a fraction μ of the last steps.
 *
 * ```text
 * v := μ·v − α·dw
 * w := w + v
 * ```
 *
 * With `nesterov`, the step looks ahead along the new velocity. cs231n
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
 * import { Momentum } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [w, dw] = [backend.create(1, 1), backend.create(1, 1)];
 * backend.upload(dw, [1]);
 * const rule = new Momentum(backend, { momentum: 0.5 });
 * const params = [{ name: "W1", isWeight: true, value: w, grad: dw }];
 * rule.step(params, 1); // v = −1, w = −1
 * rule.step(params, 1); // v = −1.5, w = −2.5
 * assert.equal((await backend.download(w))[0], -2.5);
 * ```
 *
 * @example Nesterov
 * ```ts
 * import { Momentum } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [w, dw] = [backend.create(1, 1), backend.create(1, 1)];
 * backend.upload(dw, [1]);
 * const rule = new Momentum(backend, { momentum: 0.5, nesterov: true });
 * assert.equal(rule.name, "nesterov");
 * rule.step([{ name: "W1", isWeight: true, value: w, grad: dw }], 1);
 * // v = −1; w = 0 + 0.5·(−1) − 1
 * assert.equal((await backend.download(w))[0], -1.5);
 * ```
 */
export class Momentum<T extends Tensor> implements Optimizer<T> {
  /** `"momentum"`, or `"nesterov"` with the look-ahead. */
  readonly name: "momentum" | "nesterov";
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
   * @param options μ in [0, 1); `nesterov` (default false); decoupled weight decay λ (default 0).
   */
  constructor(
    backend: Backend<T>,
    options: { momentum: number; nesterov?: boolean; weightDecay?: number },
  ) {
    this.#backend = backend;
    this.momentum = options.momentum;
    this.name = options.nesterov ? "nesterov" : "momentum";
    this.weightDecay = options.weightDecay ?? 0;
  }

  /** `v := μ·v − α·dw`, then `w := w + v`, or with Nesterov `w := w + μ·v − α·dw`. */
  step(params: readonly Param<T>[], learningRate: number): void {
    const b = this.#backend;
    const mu = this.momentum;
    decayWeights(b, params, learningRate, this.weightDecay);
    for (const { value: w, grad: dw } of params) {
      const v = stateFor(b, this.#velocity, w);
      b.axpby(mu, v, -learningRate, dw, v);
      if (this.name === "nesterov") {
        b.axpby(1, w, mu, v, w);
        b.axpby(1, w, -learningRate, dw, w);
      } else {
        b.axpby(1, w, 1, v, w);
      }
    }
  }

  /** Frees the velocities. */
  dispose(): void {
    for (const v of this.#velocity.values()) this.#backend.dispose(v);
    this.#velocity.clear();
  }
}
