import assert from "node:assert/strict";
import { WasmBackend } from "./mod.ts";

Deno.test("WasmBackend workerUrl option", async (t) => {
  await t.step("starts the worker thread from the module it names", async () => {
    const url = new URL("./kernel_worker.ts", import.meta.url);
    url.searchParams.set("from", "option");
    const started: string[] = [];
    const Original = globalThis.Worker;
    globalThis.Worker = class extends Original {
      constructor(specifier: string | URL, options?: WorkerOptions) {
        started.push(String(specifier));
        super(specifier, options);
      }
    };
    try {
      const backend = new WasmBackend({
        threads: 2,
        parallelThreshold: 1,
        sparseMinSize: 1,
        workerUrl: url,
      });
      // A product big enough to be shared between the threads.
      const m = 3000;
      const x = backend.create(784, m);
      const w = backend.create(10, 784);
      backend.upload(x, Float32Array.from({ length: 784 * m }, (_, i) => (i % 5 === 0 ? 1 : 0)));
      backend.upload(w, new Float32Array(10 * 784).fill(1));
      const z = backend.create(10, m);
      backend.matmul(w, x, z);
      const values = await backend.download(z);
      // Each column of x holds a one in every fifth row, counted from its own offset.
      assert.equal(
        values[0],
        Array.from({ length: 784 }, (_, k) => k * m).filter((i) => i % 5 === 0).length,
      );
      backend.close();
    } finally {
      globalThis.Worker = Original;
    }
    assert.deepEqual(started, [url.href]);
  });
});
