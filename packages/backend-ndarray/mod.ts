/**
 * The ndarray backend of simple-mnist: `ndarray` views over shared typed
 * arrays, sparse-aware float64 kernels, and a worker thread for the second
 * core. Implements `Backend` from `@simple-mnist/backend` and passes its
 * conformance suite.
 *
 * @example
 * ```ts
 * import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
 * import assert from "node:assert/strict";
 *
 * const backend = new NdarrayBackend();
 * const z = backend.create(2, 1);
 * backend.upload(z, [1000, 1000]);
 * backend.softmax(z, z);
 * assert.deepEqual([...await backend.download(z)], [0.5, 0.5]);
 * backend.close();
 * ```
 *
 * @module
 */
export * from "./ndarray_backend.ts";
export * from "./ndarray_tensor.ts";
export { Float32Backend, type Float32Matrix } from "@simple-mnist/cpu";
export type {
  Activation,
  Backend,
  MatmulOptions,
  PixelImages,
  Tensor,
} from "@simple-mnist/backend";
export type { CpuBackendOptions, SparseColumns } from "@simple-mnist/cpu";
