import { BackendRegistry } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";

/**
 * The backends this CLI offers, fastest first: the first is the default.
 * `ndarray` runs the seed's workload about ten times faster than `js`
 * (see benchmarks/); `js` is the plain reference.
 */
export function createRegistry(): BackendRegistry {
  const registry = new BackendRegistry();
  registry.register(new NdarrayBackend());
  registry.register(new JsBackend());
  return registry;
}
