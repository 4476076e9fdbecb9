/**
 * Seeded randomness for simple-mnist: a small generator and the few
 * distributions the model and the data loaders need.
 *
 * @example
 * ```ts
 * import { normal, seededPrng, shuffle } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const prng = seededPrng(0);
 * const order = shuffle([1, 2, 3], prng);
 * assert.equal(order.length, 3);
 * assert.ok(Number.isFinite(normal(prng)));
 * ```
 *
 * @module
 */
export * from "./prng.ts";
export * from "./distributions.ts";
