import assert from "node:assert/strict";
import { testBackend } from "@simple-mnist/backend/testing";
import { seededPrng } from "@simple-mnist/random";
import { WasmBackend } from "./mod.ts";

Deno.test("WasmBackend conformance (one thread)", (t) =>
  testBackend(t, new WasmBackend({ threads: 1 })));

Deno.test("WasmBackend conformance (SIMD kernels on every product, two threads)", async (t) => {
  const backend = new WasmBackend({ threads: 2, parallelThreshold: 1, sparseMinSize: 1 });
  await testBackend(t, backend);
  backend.close();
});

Deno.test("WasmBackend", async (t) => {
  const m = 3000;
  const prng = seededPrng(1);
  const X = Float32Array.from({ length: 784 * m }, () => (prng() < 0.81 ? 0 : prng()));
  const W = Float32Array.from({ length: 10 * 784 }, () => prng() - 0.5);
  const D = Float32Array.from({ length: 10 * m }, () => prng() - 0.5);

  /** W·X and D·Xᵀ/m with n rows of W and D: 10 takes the unrolled kernels, others the general ones. */
  async function products(backend: WasmBackend, n = 10) {
    const x = backend.create(784, m);
    const w = backend.create(n, 784);
    const d = backend.create(n, m);
    backend.upload(x, X);
    backend.upload(w, W.subarray(0, n * 784));
    backend.upload(d, D.subarray(0, n * m));
    const z = backend.create(n, m);
    const g = backend.create(n, 784);
    backend.matmul(w, x, z);
    backend.matmul(d, x, g, { transposeB: true, alpha: 1 / m });
    const result = { sparse: x.sparse, z: await backend.download(z), g: await backend.download(g) };
    backend.close();
    return result;
  }

  for (const n of [10, 7]) {
    await t.step(
      `SIMD kernels (${n} rows), one or two threads, agree with the plain products`,
      async () => {
        const one = await products(new WasmBackend({ threads: 1 }), n);
        const two = await products(new WasmBackend({ threads: 2, parallelThreshold: 1 }), n);
        const plain = await products(new WasmBackend({ threads: 1, sparseMinSize: Infinity }), n);
        assert.ok(one.sparse !== undefined && plain.sparse === undefined);
        assert.deepEqual(two.z, one.z);
        for (
          const [name, a, b] of [["z", one.z, plain.z], ["g", one.g, plain.g], [
            "g2",
            two.g,
            one.g,
          ]] as const
        ) {
          for (let e = 0; e < a.length; e++) {
            assert.ok(
              Math.abs(a[e] - b[e]) <= 1e-5 * (1 + Math.abs(b[e])),
              `${name}[${e}] ${a[e]} vs ${b[e]}`,
            );
          }
        }
      },
    );
  }

  await t.step("reuses freed memory and keeps other tensors intact across growth", async () => {
    const backend = new WasmBackend({ threads: 1 });
    const keep = backend.create(2, 2);
    backend.upload(keep, [1, 2, 3, 4]);
    const big = backend.create(4000, 4000); // 64 MB: the memory grows
    backend.dispose(big);
    const again = backend.create(4000, 4000);
    assert.equal(again.address, big.address);
    assert.deepEqual([...await backend.download(keep)], [1, 2, 3, 4]);
    assert.ok(again.data.every((v) => v === 0));
  });

  await t.step("refuses a tensor from another backend or a disposed one", () => {
    const backend = new WasmBackend();
    // @ts-expect-error: a plain shape is not a WasmTensor, which is the point.
    assert.throws(() => backend.relu({ rows: 1, cols: 1 }, backend.create(1, 1)), {
      message: "Cannot run relu: the tensor was not created by the wasm backend",
    });
    const gone = backend.create(1, 1);
    backend.dispose(gone);
    assert.throws(() => backend.upload(gone, [1]), /was disposed/);
  });
});
