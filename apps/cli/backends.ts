import { BackendRegistry } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";

/**
 * The backends this CLI offers, fastest first: the first is the default.
 * On the seed's workload `wasm` runs several times as fast as `ndarray`,
 * which runs about nine times as fast as `js` (see benchmarks/); `js` is the
 * plain reference.
 */
export function createRegistry(): BackendRegistry {
  const registry = new BackendRegistry();
  registry.register(new WasmBackend());
  registry.register(new NdarrayBackend());
  registry.register(new JsBackend());
  return registry;
}
