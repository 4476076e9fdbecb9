import type { Backend, Tensor } from "@simple-mnist/backend";
import { Adam } from "./adam.ts";
import type { Param } from "./layer.ts";
import { Momentum } from "./momentum.ts";
import { RmsProp } from "./rmsprop.ts";
import { Sgd } from "./sgd.ts";

/**
 * An update rule, cs231n's `(w, dw, config) → (next_w, config)`: each step
 * changes every parameter in place from its gradient, keeping whatever
 * state the rule needs (velocities, moments) in tensors of the same
 * backend, made at the first step. No step moves a weight or a moment to
 * the host.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { createOptimizer, type Optimizer } from "@simple-mnist/model";
 * import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const optimizer: Optimizer<JsTensor> = createOptimizer(backend, "adam");
 * assert.equal(optimizer.name, "adam");
 * ```
 */
export interface Optimizer<T extends Tensor> {
  /** The rule's name, as `--optimizer` takes it. */
  readonly name: OptimizerName;
  /** The decoupled weight decay λ it applies (0 for none). */
  readonly weightDecay: number;
  /**
   * One update of every parameter from its gradient.
   *
   * @param params The net's parameters, their gradients filled.
   * @param learningRate The step size α for this step.
   */
  step(params: readonly Param<T>[], learningRate: number): void;
  /** Frees the rule's state. */
  dispose(): void;
}

/**
 * The update rules, by name.
 *
 * @example
 * ```ts
 * import type { OptimizerName } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const name: OptimizerName = "nesterov";
 * assert.equal(name, "nesterov");
 * ```
 */
export type OptimizerName = "sgd" | "momentum" | "nesterov" | "rmsprop" | "adam" | "adamw";

/**
 * Every {@linkcode OptimizerName}, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import { OPTIMIZERS } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(OPTIMIZERS[0], "sgd");
 * ```
 */
export const OPTIMIZERS: readonly OptimizerName[] = [
  "sgd",
  "momentum",
  "nesterov",
  "rmsprop",
  "adam",
  "adamw",
];

/**
 * The rules' hyperparameters; each rule reads the ones it has.
 *
 * @example
 * ```ts
 * import type { OptimizerOptions } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const options: OptimizerOptions = { beta1: 0.9, beta2: 0.999 };
 * assert.equal(options.epsilon, undefined); // 1e-8
 * ```
 */
export interface OptimizerOptions {
  /** Momentum μ of `momentum` and `nesterov` (default 0.9). */
  momentum?: number;
  /** Decay of Adam's first moment (default 0.9). */
  beta1?: number;
  /** Decay of the second moment in Adam and RMSprop (default 0.999; RMSprop's is its decay rate). */
  beta2?: number;
  /** Added to the root of the second moment (default 1e-8). */
  epsilon?: number;
  /** Decoupled weight decay λ: `W := W − α·λ·W` each step, weights only (default 0; 0.01 for `adamw`). */
  weightDecay?: number;
}

/**
 * The learning rate a rule uses when none is given: 0.1 for the
 * gradient-descent family (the seed's), 0.001 for the adaptive ones.
 *
 * @param name The rule.
 * @returns The default α.
 *
 * @example
 * ```ts
 * import { defaultLearningRate } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultLearningRate("sgd"), 0.1);
 * assert.equal(defaultLearningRate("adam"), 0.001);
 * ```
 */
export function defaultLearningRate(name: OptimizerName): number {
  return name === "sgd" || name === "momentum" || name === "nesterov" ? 0.1 : 0.001;
}

/**
 * Creates an update rule by name.
 *
 * @param backend The backend that owns the parameters.
 * @param name The rule.
 * @param options Its hyperparameters.
 * @returns The optimizer.
 * @throws {RangeError} On an unknown rule or a hyperparameter out of range.
 *
 * @example
 * ```ts
 * import { createOptimizer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createOptimizer(new JsBackend(), "adamw").weightDecay, 0.01);
 * assert.throws(() => createOptimizer(new JsBackend(), "momentum", { momentum: 1.5 }), RangeError);
 * ```
 */
export function createOptimizer<T extends Tensor>(
  backend: Backend<T>,
  name: OptimizerName,
  options: OptimizerOptions = {},
): Optimizer<T> {
  const {
    momentum = 0.9,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = 1e-8,
    weightDecay = name === "adamw" ? 0.01 : 0,
  } = options;
  const action = `Cannot create the ${name} optimizer`;
  for (
    const [key, value] of [["momentum", momentum], ["beta1", beta1], ["beta2", beta2]] as const
  ) {
    if (!(value >= 0 && value < 1)) {
      throw new RangeError(`${action}: ${key} must be in [0, 1), got ${value}`);
    }
  }
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new RangeError(`${action}: epsilon must be a positive number, got ${epsilon}`);
  }
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay)) {
    throw new RangeError(`${action}: weight decay must be ≥ 0, got ${weightDecay}`);
  }
  switch (name) {
    case "sgd":
      return new Sgd(backend, weightDecay);
    case "momentum":
    case "nesterov":
      return new Momentum(backend, { momentum, nesterov: name === "nesterov", weightDecay });
    case "rmsprop":
      return new RmsProp(backend, { decayRate: beta2, epsilon, weightDecay });
    case "adam":
    case "adamw":
      return new Adam(backend, { name, beta1, beta2, epsilon, weightDecay });
  }
  throw new RangeError(
    `${action}: unknown optimizer ${JSON.stringify(name)} (expected ${OPTIMIZERS.join(", ")})`,
  );
}
