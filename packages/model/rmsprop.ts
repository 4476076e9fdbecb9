import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Param } from "./layer.ts";
import { decayWeights, stateFor } from "./_optimizer_state.ts";
import type { Optimizer } from "./optimizer.ts";

/**
 * RMSprop (Hinton's lecture 6e; cs231n's `rmsprop`): each weight's step is
 * divided by a running root mean square of its gradients.
 *
 * ```text
 * cache := ρ·cache + (1 − ρ)·dw²
 * w     := w − α·dw / (√cache + ε)
 * ```
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { RmsProp } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [w, dw] = [backend.create(1, 1), backend.create(1, 1)];
 * backend.upload(dw, [2]);
 * new RmsProp(backend, { decayRate: 0.75, epsilon: 0 }).step([{ name: "W1", isWeight: true, value: w, grad: dw }], 1);
 * // cache = 0.25·4 = 1; w = −2 / 1
 * assert.equal((await backend.download(w))[0], -2);
 * ```
 */
export class RmsProp<T extends Tensor> implements Optimizer<T> {
  /** `"rmsprop"`. */
  readonly name = "rmsprop";
  /** ρ, the decay rate of the cache. */
  readonly decayRate: number;
  /** ε. */
  readonly epsilon: number;
  /** Decoupled weight decay λ. */
  readonly weightDecay: number;
  readonly #backend: Backend<T>;
  readonly #cache = new Map<T, T>();
  readonly #scratch = new Map<T, T>();

  /**
   * Creates the rule; its caches are made at the first step.
   *
   * @param backend The backend that owns the parameters.
   * @param options ρ (`decayRate`), ε and the decoupled weight decay λ.
   */
  constructor(
    backend: Backend<T>,
    options: { decayRate: number; epsilon: number; weightDecay?: number },
  ) {
    this.#backend = backend;
    this.decayRate = options.decayRate;
    this.epsilon = options.epsilon;
    this.weightDecay = options.weightDecay ?? 0;
  }

  /** `cache := ρ·cache + (1 − ρ)·dw²`, `w := w − α·dw / (√cache + ε)`. */
  step(params: readonly Param<T>[], learningRate: number): void {
    const b = this.#backend;
    const rho = this.decayRate;
    decayWeights(b, params, learningRate, this.weightDecay);
    for (const { value: w, grad: dw } of params) {
      const cache = stateFor(b, this.#cache, w);
      const t = stateFor(b, this.#scratch, w);
      b.mul(dw, dw, t);
      b.axpby(rho, cache, 1 - rho, t, cache);
      b.divSqrt(dw, cache, this.epsilon, t);
      b.axpby(1, w, -learningRate, t, w);
    }
  }

  /** Frees the caches. */
  dispose(): void {
    for (const t of [...this.#cache.values(), ...this.#scratch.values()]) this.#backend.dispose(t);
    this.#cache.clear();
    this.#scratch.clear();
  }
}
