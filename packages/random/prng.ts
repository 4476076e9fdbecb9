/**
 * A pseudo-random number generator: each call returns a float in [0, 1).
 *
 * Library code never calls `Math.random`; a `Prng` is passed in instead so
 * that every run is reproducible from its seed.
 *
 * @example
 * ```ts
 * import { type Prng, seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const prng: Prng = seededPrng(1);
 * assert.ok(prng() < 1);
 * ```
 */
export type Prng = () => number;

/**
 * Creates a seeded generator (Mulberry32: 32-bit state, period 2^32).
 *
 * Small, fast and good enough for weight initialisation and shuffling; it is
 * not cryptographic.
 *
 * @param seed Any integer; only its low 32 bits are used.
 * @returns A {@linkcode Prng} whose sequence depends only on `seed`.
 * @throws {TypeError} If `seed` is not an integer.
 *
 * @example Same seed, same sequence
 * ```ts
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const a = seededPrng(42);
 * const b = seededPrng(42);
 * assert.equal(a(), b());
 * const x = a();
 * assert.ok(x >= 0 && x < 1);
 * ```
 */
export function seededPrng(seed: number): Prng {
  if (!Number.isInteger(seed)) {
    throw new TypeError(`Cannot create generator: seed must be an integer, got ${seed}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
