/** Our reading of the `Deno` global, where there is one. */
interface DenoPermissions {
  permissions?: {
    querySync?(descriptor: { name: "read"; path: URL }): { state: string };
  };
}

const warned = new Set<string>();

/**
 * Whether a module worker can be started from `url` here. It cannot where
 * there is no `Worker`, nor in Deno when the module is a local file the
 * program may not read: that worker would fail to load, and a thread
 * blocked in `Atomics.wait` for it would hang. Says why on stderr, once per
 * module, when the answer is no; a backend then runs on one thread.
 *
 * @param url The worker module.
 * @returns Whether starting a worker from it can work.
 *
 * @example
 * ```ts
 * import { canStartWorker } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * // Remote modules are not a local read, so nothing stands in the way here.
 * assert.equal(canStartWorker(new URL("https://example.com/worker.js")), true);
 * ```
 */
export function canStartWorker(url: URL): boolean {
  let why: string | undefined;
  if (typeof Worker === "undefined") {
    why = "there is no Worker here";
  } else if (url.protocol === "file:") {
    const deno = (globalThis as { Deno?: DenoPermissions }).Deno;
    const state = deno?.permissions?.querySync?.({ name: "read", path: url }).state;
    if (state !== undefined && state !== "granted") {
      why = `no permission to read ${url.pathname} (run with --allow-read)`;
    }
  }
  if (why === undefined) return true;
  if (!warned.has(url.href)) {
    warned.add(url.href);
    console.warn(`warning: no worker thread, running on one thread: ${why}`);
  }
  return false;
}
