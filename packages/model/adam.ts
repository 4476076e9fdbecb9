import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Param } from "./layer.ts";
import { decayWeights, stateFor } from "./_optimizer_state.ts";
import type { Optimizer } from "./optimizer.ts";

/**
 * Adam (Kingma and Ba, 2015; cs231n's `adam`), and AdamW (Loshchilov and
 * Hutter, 2019) when given a decoupled weight decay λ, which shrinks the
 * weights before the step (`W := W − α·λ·W`) instead of adding to the
 * gradient. At step t (from 1):
 *
 * ```text
 * m := β1·m + (1 − β1)·dw
 * v := β2·v + (1 − β2)·dw²
 * m̂ := m / (1 − β1ᵗ)        (bias corrections: m and v start at 0)
 * v̂ := v / (1 − β2ᵗ)
 * w := w − α·m̂ / (√v̂ + ε)
 * ```
 *
 * The step is computed as Kingma and Ba's section 2 suggests, without
 * making m̂ and v̂: `α·m̂ / (√v̂ + ε) = α_t·m / (√v + ε̂)` with
 * `α_t = α·√(1 − β2ᵗ) / (1 − β1ᵗ)` and `ε̂ = ε·√(1 − β2ᵗ)`, the same number
 * in two fewer passes over the weights.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example The first step moves each weight by about α, whatever the gradient's size
 * ```ts
 * import { Adam } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [w, dw] = [backend.create(1, 2), backend.create(1, 2)];
 * backend.upload(dw, [1000, -0.001]);
 * new Adam(backend).step([{ name: "W1", isWeight: true, value: w, grad: dw }], 0.01);
 * const [a, b] = await backend.download(w);
 * assert.ok(Math.abs(a + 0.01) < 1e-6 && Math.abs(b - 0.01) < 1e-4);
 * ```
 */
export class Adam<T extends Tensor> implements Optimizer<T> {
  /** `"adam"`, or `"adamw"`. */
  readonly name: "adam" | "adamw";
  /** β1. */
  readonly beta1: number;
  /** β2. */
  readonly beta2: number;
  /** ε. */
  readonly epsilon: number;
  /** Decoupled weight decay λ. */
  readonly weightDecay: number;
  readonly #backend: Backend<T>;
  readonly #m = new Map<T, T>();
  readonly #v = new Map<T, T>();
  readonly #scratch = new Map<T, T>();
  #t = 0;

  /**
   * Creates the rule; its moments are made at the first step.
   *
   * @param backend The backend that owns the parameters.
   * @param options β1 (0.9), β2 (0.999), ε (1e-8), λ (0) and the name to report.
   */
  constructor(
    backend: Backend<T>,
    options: {
      name?: "adam" | "adamw";
      beta1?: number;
      beta2?: number;
      epsilon?: number;
      weightDecay?: number;
    } = {},
  ) {
    this.#backend = backend;
    this.name = options.name ?? "adam";
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
  }

  /** Steps taken so far (t). */
  get steps(): number {
    return this.#t;
  }

  /** One Adam step of every parameter. */
  step(params: readonly Param<T>[], learningRate: number): void {
    const b = this.#backend;
    const { beta1: b1, beta2: b2 } = this;
    const t = ++this.#t;
    decayWeights(b, params, learningRate, this.weightDecay);
    const root = Math.sqrt(1 - b2 ** t);
    const stepSize = learningRate * root / (1 - b1 ** t); // α_t
    const epsilonHat = this.epsilon * root; // ε̂
    for (const { value: w, grad: dw } of params) {
      const [m, v] = [stateFor(b, this.#m, w), stateFor(b, this.#v, w)];
      const scratch = stateFor(b, this.#scratch, w);
      b.axpby(b1, m, 1 - b1, dw, m);
      b.mul(dw, dw, scratch);
      b.axpby(b2, v, 1 - b2, scratch, v);
      b.divSqrt(m, v, epsilonHat, scratch);
      b.axpby(1, w, -stepSize, scratch, w);
    }
  }

  /** Frees the moments. */
  dispose(): void {
    for (const states of [this.#m, this.#v, this.#scratch]) {
      for (const t of states.values()) this.#backend.dispose(t);
      states.clear();
    }
  }
}
