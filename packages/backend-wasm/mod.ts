/**
 * The WebAssembly backend of simple-mnist: one shared WebAssembly memory,
 * SIMD kernels compiled from AssemblyScript for the products with the
 * pixels, and a worker thread for the second core. Implements `Backend` from
 * `@simple-mnist/backend` and passes its conformance suite.
 *
 * @example
 * ```ts
 * import { WasmBackend } from "@simple-mnist/backend-wasm";
 * import assert from "node:assert/strict";
 *
 * const backend = new WasmBackend();
 * const z = backend.create(2, 1);
 * backend.upload(z, [-1, 3]);
 * backend.activate(z, z, "relu");
 * assert.deepEqual([...await backend.download(z)], [0, 3]);
 * backend.close();
 * ```
 *
 * @module
 */
export * from "./wasm_backend.ts";
export * from "./wasm_tensor.ts";
export { Float32Backend, type Float32Matrix } from "@simple-mnist/cpu";
export type {
  Activation,
  Backend,
  MatmulOptions,
  PixelImages,
  Tensor,
} from "@simple-mnist/backend";
export type { CpuBackendOptions } from "@simple-mnist/cpu";
