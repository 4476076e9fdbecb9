import assert from "node:assert/strict";
import { testBackend } from "@simple-mnist/backend/testing";
import { seededPrng } from "@simple-mnist/random";
import { NdarrayBackend } from "./mod.ts";

Deno.test("NdarrayBackend conformance (one thread)", (t) =>
  testBackend(t, new NdarrayBackend({ threads: 1 })));

Deno.test("NdarrayBackend conformance (sparse paths, two threads from the first nonzero)", async (t) => {
  const backend = new NdarrayBackend({ threads: 2, parallelThreshold: 1, sparseMinSize: 1 });
  await testBackend(t, backend);
  backend.close();
});

/** A 784 x m matrix with MNIST's sparsity, values in [0, 1]. */
function pixels(m: number, seed: number): Float32Array {
  const prng = seededPrng(seed);
  return Float32Array.from({ length: 784 * m }, () => (prng() < 0.81 ? 0 : prng()));
}

Deno.test("NdarrayBackend", async (t) => {
  const m = 3000;
  const X = pixels(m, 1);
  const prng = seededPrng(2);
  const W = Float32Array.from({ length: 10 * 784 }, () => prng() - 0.5);
  const D = Float32Array.from({ length: 10 * m }, () => prng() - 0.5);

  async function products(backend: NdarrayBackend) {
    const x = backend.create(784, m);
    const w = backend.create(10, 784);
    const d = backend.create(10, m);
    backend.upload(x, X);
    backend.upload(w, W);
    backend.upload(d, D);
    const z = backend.create(10, m);
    const g = backend.create(10, 784);
    backend.matmul(w, x, z);
    backend.matmul(d, x, g, { transposeB: true, alpha: 1 / m });
    return { x, z: await backend.download(z), g: await backend.download(g) };
  }

  await t.step("indexes uploaded sparse data by columns, and not dense data", () => {
    const backend = new NdarrayBackend();
    const x = backend.create(784, m);
    backend.upload(x, X);
    assert.ok(x.sparse !== undefined);
    const nonzeros = X.filter((v) => v !== 0).length;
    assert.equal(x.sparse.columnStart[m], nonzeros);
    const w = backend.create(10, 784);
    backend.upload(w, W);
    assert.equal(w.sparse, undefined);
  });

  await t.step("forgets the index once an op overwrites the tensor", () => {
    const backend = new NdarrayBackend();
    const x = backend.create(784, m);
    backend.upload(x, X);
    backend.activate(x, x, "relu");
    assert.equal(x.sparse, undefined);
  });

  await t.step("two threads give the same products as one, and as the dense kernel", async () => {
    const one = await products(new NdarrayBackend({ threads: 1 }));
    const twoBackend = new NdarrayBackend({ threads: 2, parallelThreshold: 1 });
    const two = await products(twoBackend);
    twoBackend.close();
    const dense = await products(new NdarrayBackend({ threads: 1, sparseMinSize: Infinity }));
    assert.ok(one.x.sparse !== undefined && dense.x.sparse === undefined);
    assert.deepEqual(two.z, one.z);
    for (let e = 0; e < one.g.length; e++) {
      assert.ok(Math.abs(two.g[e] - one.g[e]) <= 1e-6 * (1 + Math.abs(one.g[e])), `g[${e}]`);
    }
    for (let e = 0; e < one.z.length; e++) {
      assert.ok(Math.abs(dense.z[e] - one.z[e]) <= 1e-5 * (1 + Math.abs(one.z[e])), `z[${e}]`);
    }
  });

  await t.step("refuses a tensor from another backend or a disposed one", () => {
    const backend = new NdarrayBackend();
    // @ts-expect-error: a plain shape is not an NdarrayTensor, which is the point.
    assert.throws(() => backend.activate({ rows: 1, cols: 1 }, backend.create(1, 1), "relu"), {
      message: "Cannot run activate: the tensor was not created by the ndarray backend",
    });
    const gone = backend.create(1, 1);
    backend.dispose(gone);
    assert.throws(() => backend.activate(gone, backend.create(1, 1), "relu"), /was disposed/);
  });
});
