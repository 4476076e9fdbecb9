/**
 * The hidden-layer activations a backend computes, by name:
 *
 * | name         | g(z)                  | g′(z)                  |
 * | ------------ | --------------------- | ---------------------- |
 * | `relu`       | max(z, 0)             | 1 if z > 0, else 0     |
 * | `leaky-relu` | z if z > 0, else s·z  | 1 if z > 0, else s     |
 * | `tanh`       | tanh(z)               | 1 − tanh(z)²           |
 * | `sigmoid`    | 1 / (1 + e^−z)        | σ(z)·(1 − σ(z))        |
 *
 * with the leaky slope s = {@linkcode LEAKY_RELU_SLOPE}. At the kink z = 0,
 * ReLU′ and leaky ReLU′ take the left side's value (0 and s).
 *
 * @example
 * ```ts
 * import type { Activation } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const g: Activation = "tanh";
 * assert.equal(g, "tanh");
 * ```
 */
export type Activation = "relu" | "leaky-relu" | "tanh" | "sigmoid";

/**
 * Every {@linkcode Activation}, in the order help texts list them.
 *
 * @example
 * ```ts
 * import { ACTIVATIONS } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ACTIVATIONS.includes("sigmoid"));
 * ```
 */
export const ACTIVATIONS: readonly Activation[] = ["relu", "leaky-relu", "tanh", "sigmoid"];

/**
 * The slope of leaky ReLU for negative inputs (0.01, as in Maas et al. 2013
 * and PyTorch's default).
 *
 * @example
 * ```ts
 * import { LEAKY_RELU_SLOPE } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.equal(LEAKY_RELU_SLOPE, 0.01);
 * ```
 */
export const LEAKY_RELU_SLOPE = 0.01;

/**
 * Checks that a value names an {@linkcode Activation}.
 *
 * @param value The name to check.
 * @param action What could not be done otherwise, for the message.
 * @returns The activation.
 * @throws {RangeError} If `value` is not an activation's name.
 *
 * @example
 * ```ts
 * import { expectActivation } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.equal(expectActivation("relu", "Cannot activate"), "relu");
 * assert.throws(() => expectActivation("swish", "Cannot activate"), RangeError);
 * ```
 */
export function expectActivation(value: unknown, action: string): Activation {
  if (!ACTIVATIONS.includes(value as Activation)) {
    throw new RangeError(
      `${action}: unknown activation ${JSON.stringify(value)} (expected ${ACTIVATIONS.join(", ")})`,
    );
  }
  return value as Activation;
}
