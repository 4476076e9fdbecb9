/**
 * The backend interface of simple-mnist: tensors a backend owns, the small
 * set of destination-passing ops a layered net needs, each op's shape checks
 * (`OP_CHECKS`, written once for every backend), and an explicit registry.
 * A conformance suite for new backends lives in
 * `@simple-mnist/backend/testing`.
 *
 * @example Find a backend by name and run an op
 * ```ts
 * import { BackendRegistry } from "@simple-mnist/backend";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const registry = new BackendRegistry();
 * registry.register(new JsBackend());
 * const backend = registry.get("js");
 *
 * const z = backend.create(2, 2);
 * backend.upload(z, [-1, 2, 3, -4]);
 * backend.activate(z, z, "relu");
 * assert.deepEqual([...await backend.download(z)], [0, 2, 3, 0]);
 * ```
 *
 * @module
 */
export * from "./tensor.ts";
export * from "./activation.ts";
export * from "./backend.ts";
export * from "./pixel_images.ts";
export * from "./checks.ts";
export * from "./op_checks.ts";
export * from "./pixel_checks.ts";
export * from "./registry.ts";
export * from "./window_geometry.ts";
export * from "./window_checks.ts";
