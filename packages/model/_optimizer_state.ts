// What the update rules share: their state tensors, made at the first step,
// and decoupled weight decay.
import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Param } from "./layer.ts";

/**
 * A rule's zero-filled state tensor for parameter `w`, made at its first step.
 *
 * @param backend The backend that owns the parameters.
 * @param states The rule's state, by parameter.
 * @param w The parameter.
 * @returns The state tensor, `w`'s shape.
 */
export function stateFor<T extends Tensor>(backend: Backend<T>, states: Map<T, T>, w: T): T {
  let state = states.get(w);
  if (state === undefined) {
    state = backend.create(w.rows, w.cols);
    states.set(w, state);
  }
  return state;
}

/**
 * Decoupled weight decay, `W := (1 − α·λ)·W`, on the weights only (never
 * the biases); a no-op for λ = 0. Every rule calls it before its own update.
 *
 * @param backend The backend that owns the parameters.
 * @param params The parameters.
 * @param learningRate α.
 * @param weightDecay λ.
 */
export function decayWeights<T extends Tensor>(
  backend: Backend<T>,
  params: readonly Param<T>[],
  learningRate: number,
  weightDecay: number,
): void {
  if (weightDecay === 0) return;
  for (const { value: W, isWeight } of params) {
    if (isWeight) backend.axpby(1 - learningRate * weightDecay, W, 0, W, W);
  }
}
