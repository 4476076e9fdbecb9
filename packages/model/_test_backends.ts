// Every backend the model's tests run on. Add a backend here when it lands.
// The ndarray and wasm backends run single-threaded here, so that no worker outlives
// a test; its own tests cover the threaded path.
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";

export function testBackends(): Backend[] {
  return [new JsBackend(), new NdarrayBackend({ threads: 1 }), new WasmBackend({ threads: 1 })];
}
