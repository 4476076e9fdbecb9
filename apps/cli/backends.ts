import { BackendRegistry } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";

/**
 * The backends this CLI offers, fastest first: the first is the default.
 */
export function createRegistry(): BackendRegistry {
  const registry = new BackendRegistry();
  registry.register(new JsBackend());
  return registry;
}
