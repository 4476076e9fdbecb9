import assert from "node:assert/strict";
import { WasmBackend } from "./mod.ts";

Deno.test("WasmBackend workerUrl option", async (t) => {
  await t.step("starts the worker thread from the module it names", async () => {
    const url = new URL("./_worker.ts", import.meta.url);
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
      const a = backend.create(2, 4);
      const b = backend.create(4, 2);
      backend.upload(a, [1, 2, 3, 4, 5, 6, 7, 8]);
      backend.upload(b, [1, 0, 0, 1, 0, 0, 0, 0]);
      const out = backend.create(2, 2);
      backend.matmul(a, b, out);
      assert.deepEqual([...await backend.download(out)], [1, 2, 5, 6]);
      backend.close();
    } finally {
      globalThis.Worker = Original;
    }
    assert.deepEqual(started, [url.href]);
  });
});
