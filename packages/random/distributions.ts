import type { Prng } from "./prng.ts";

/**
 * Draws from the uniform distribution on [low, high).
 *
 * @param prng The generator to draw from.
 * @param low Inclusive lower bound.
 * @param high Exclusive upper bound.
 * @returns A number in [low, high).
 *
 * @example
 * ```ts
 * import { seededPrng, uniform } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const x = uniform(seededPrng(1), -0.5, 0.5);
 * assert.ok(x >= -0.5 && x < 0.5);
 * ```
 */
export function uniform(prng: Prng, low: number, high: number): number {
  return low + (high - low) * prng();
}

/**
 * Draws from the normal distribution N(mean, std²) by the Box–Muller transform.
 *
 * @param prng The generator to draw from (two draws per call).
 * @param mean The mean (default 0).
 * @param std The standard deviation (default 1).
 * @returns A normally distributed number.
 *
 * @example
 * ```ts
 * import { normal, seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const prng = seededPrng(7);
 * let sum = 0;
 * for (let i = 0; i < 10_000; i++) sum += normal(prng);
 * assert.ok(Math.abs(sum / 10_000) < 0.05);
 * ```
 */
export function normal(prng: Prng, mean = 0, std = 1): number {
  // 1 - u keeps the logarithm's argument in (0, 1], so it never sees 0.
  const u = 1 - prng();
  const v = prng();
  return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Shuffles an array in place (Fisher–Yates), uniformly over all orders.
 *
 * @param array The array to shuffle; it is modified.
 * @param prng The generator that decides the order.
 * @returns The same array, shuffled.
 *
 * @example
 * ```ts
 * import { seededPrng, shuffle } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const order = shuffle([0, 1, 2, 3, 4], seededPrng(3));
 * assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4]);
 * ```
 */
export function shuffle<T extends { length: number; [index: number]: unknown }>(
  array: T,
  prng: Prng,
): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(prng() * (i + 1));
    const held = array[i];
    array[i] = array[j];
    array[j] = held;
  }
  return array;
}
