/**
 * Tuning shared by the sparse-aware, two-threaded CPU backends (`ndarray`,
 * `wasm`).
 *
 * @example
 * ```ts
 * import type { CpuBackendOptions } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const options: CpuBackendOptions = { threads: 1 };
 * assert.equal(options.parallelThreshold, undefined); // 200,000
 * ```
 */
export interface CpuBackendOptions {
  /** Threads for large products: 1, or 2 to use a worker for half of the samples (default 2). */
  threads?: 1 | 2;
  /** Nonzeros in a product's sparse operand from which the worker joins in (default 200,000). */
  parallelThreshold?: number;
  /** Uploaded tensors of at least this many values are indexed by nonzeros when at most half are nonzero (default 4,096). */
  sparseMinSize?: number;
}

/** {@linkcode CpuBackendOptions} with every default filled in. */
export type ResolvedCpuBackendOptions = Required<CpuBackendOptions>;

/**
 * Fills in the defaults of {@linkcode CpuBackendOptions}.
 *
 * @param options What the caller set.
 * @returns Every option, defaults included.
 *
 * @example
 * ```ts
 * import { cpuBackendOptions } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(cpuBackendOptions({ threads: 1 }), {
 *   threads: 1,
 *   parallelThreshold: 200_000,
 *   sparseMinSize: 4096,
 * });
 * ```
 */
export function cpuBackendOptions(options: CpuBackendOptions = {}): ResolvedCpuBackendOptions {
  return {
    threads: options.threads ?? 2,
    parallelThreshold: options.parallelThreshold ?? 200_000,
    sparseMinSize: options.sparseMinSize ?? 4096,
  };
}
