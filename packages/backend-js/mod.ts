/**
 * The pure-TypeScript backend of simple-mnist: no dependencies, plain loops
 * that read like the equations. Implements `Backend` from
 * `@simple-mnist/backend` and passes its conformance suite.
 *
 * @example
 * ```ts
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const z = backend.create(3, 1);
 * backend.upload(z, [1000, 1000, 1000]);
 * backend.softmax(z, z);
 * const p = await backend.download(z);
 * assert.ok(p.every((v) => Math.abs(v - 1 / 3) < 1e-6));
 * ```
 *
 * @module
 */
export * from "./js_backend.ts";
export * from "./js_tensor.ts";
export { Float32Backend, type Float32Matrix } from "@simple-mnist/cpu";
export type {
  Activation,
  Backend,
  MatmulOptions,
  PixelImages,
  Tensor,
} from "@simple-mnist/backend";
