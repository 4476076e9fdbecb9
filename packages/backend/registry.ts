import type { Backend } from "./backend.ts";

/**
 * An explicit registry of backends, looked up by name. Nothing registers
 * itself on import: the application decides which backends exist, in its
 * order of preference.
 *
 * @example
 * ```ts
 * import { BackendRegistry } from "@simple-mnist/backend";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const registry = new BackendRegistry();
 * registry.register(new JsBackend());
 * assert.deepEqual(registry.list(), ["js"]);
 * assert.equal(registry.get("js").name, "js");
 * assert.throws(() => registry.get("cuda"), RangeError);
 * ```
 */
export class BackendRegistry {
  #backends = new Map<string, Backend>();

  /**
   * Adds a backend under its `name`.
   *
   * @param backend The backend to add.
   * @throws {RangeError} If a backend of that name is already registered.
   */
  register(backend: Backend): void {
    if (this.#backends.has(backend.name)) {
      throw new RangeError(
        `Cannot register backend: "${backend.name}" is already registered`,
      );
    }
    this.#backends.set(backend.name, backend);
  }

  /**
   * Returns the backend registered under `name`.
   *
   * @param name The backend's name.
   * @returns The backend.
   * @throws {RangeError} If no backend has that name; the message lists the available ones.
   */
  get(name: string): Backend {
    const backend = this.#backends.get(name);
    if (backend === undefined) {
      const available = this.list();
      throw new RangeError(
        `Cannot find backend "${name}": available backends are ${
          available.length === 0 ? "(none)" : available.join(", ")
        }`,
      );
    }
    return backend;
  }

  /**
   * Tells whether a backend is registered under `name`.
   *
   * @param name The backend's name.
   * @returns True if {@linkcode BackendRegistry.get} would find it.
   */
  has(name: string): boolean {
    return this.#backends.has(name);
  }

  /**
   * Lists the registered names in registration order.
   *
   * @returns The names.
   */
  list(): string[] {
    return [...this.#backends.keys()];
  }
}
