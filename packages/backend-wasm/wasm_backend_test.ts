import assert from "node:assert/strict";
import { testBackend } from "@simple-mnist/backend/testing";
import {
  type Backend,
  type MatmulOptions,
  type Tensor,
  windowGeometry,
} from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import { WasmBackend, type WasmBackendOptions } from "./mod.ts";
import { Heap } from "./heap.ts";
import { instantiate, kernelsModule } from "./kernels.ts";

Deno.test("WasmBackend conformance (one thread)", (t) =>
  testBackend(t, new WasmBackend({ threads: 1 })));

Deno.test("WasmBackend conformance (the build without relaxed SIMD, one thread)", (t) =>
  testBackend(t, new WasmBackend({ threads: 1, relaxedSimd: false, sparseMinSize: 1 })));

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
        // With ten rows the threads share out work items whose results do not
        // depend on which thread ran them: the gradient is bit-identical too.
        if (n === 10) assert.deepEqual(two.g, one.g);
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

  await t.step(
    "the products agree whatever the block size of the index by rows",
    async () => {
      const whole = await products(new WasmBackend({ threads: 1 }));
      for (const blockColumns of [1000, 1024, 2999]) {
        const blocked = await products(
          new WasmBackend({ threads: 2, parallelThreshold: 1, blockColumns }),
        );
        // The forward product reads by column: unchanged. The gradient's float32
        // partial sums end at block edges, so it may round differently.
        assert.deepEqual(blocked.z, whole.z, `blockColumns ${blockColumns}`);
        for (let e = 0; e < whole.g.length; e++) {
          assert.ok(
            Math.abs(blocked.g[e] - whole.g[e]) <= 1e-6 * (1 + Math.abs(whole.g[e])),
            `blockColumns ${blockColumns}: g[${e}] ${blocked.g[e]} vs ${whole.g[e]}`,
          );
        }
      }
    },
  );

  await t.step("refuses a block size outside [1, 65536]", () => {
    for (const blockColumns of [0, 65537, 1.5]) {
      assert.throws(() => new WasmBackend({ blockColumns }), {
        name: "RangeError",
        message:
          `Cannot create the wasm backend: blockColumns must be an integer in [1, 65536], not ${blockColumns}`,
      });
    }
  });

  await t.step(
    "dense products with ten rows agree with backend-js, on one or two threads",
    async () => {
      const js = new JsBackend();
      const p = 4003; // not a multiple of 4: the last columns take the scalar path
      const cases: { a: [number, number]; b: [number, number]; options: MatmulOptions }[] = [
        { a: [10, 10], b: [10, p], options: {} }, // Z2 = W2·A1
        { a: [10, 7], b: [7, p], options: { alpha: 0.5 } },
        { a: [10, 10], b: [10, p], options: { transposeA: true } }, // dZ1 = W2ᵀ·dZ2
        { a: [10, p], b: [10, p], options: { transposeB: true, alpha: 1 / p } }, // dW2 = dZ2·A1ᵀ
        { a: [5, p], b: [10, p], options: { transposeB: true } },
      ];
      for (
        const backend of [
          new WasmBackend({ threads: 1 }),
          new WasmBackend({ threads: 2, parallelThreshold: 1 }),
        ]
      ) {
        for (const { a, b, options } of cases) {
          const A = Float32Array.from({ length: a[0] * a[1] }, () => prng() - 0.5);
          const B = Float32Array.from({ length: b[0] * b[1] }, () => prng() - 0.5);
          const rows = options.transposeA ? a[1] : a[0];
          const cols = options.transposeB ? b[0] : b[1];
          const result = async <T extends Tensor>(on: Backend<T>) => {
            const [ta, tb, out] = [on.create(...a), on.create(...b), on.create(rows, cols)];
            on.upload(ta, A);
            on.upload(tb, B);
            on.matmul(ta, tb, out, options);
            return await on.download(out);
          };
          const [got, want] = [await result(backend), await result(js)];
          for (let e = 0; e < want.length; e++) {
            assert.ok(
              Math.abs(got[e] - want[e]) <= 1e-5 * (1 + Math.abs(want[e])),
              `${JSON.stringify({ a, b, options })}[${e}]: ${got[e]} vs ${want[e]}`,
            );
          }
        }
        backend.close();
      }
    },
  );

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
    assert.throws(() => backend.activate({ rows: 1, cols: 1 }, backend.create(1, 1), "relu"), {
      message: "Cannot run activate: the tensor was not created by the wasm backend",
    });
    const gone = backend.create(1, 1);
    backend.dispose(gone);
    assert.throws(() => backend.upload(gone, [1]), /was disposed/);
  });
});

Deno.test("WasmBackend window ops", async (t) => {
  let prng = seededPrng(2);
  /** Values in [−0.5, 0.5), a fraction `zeros` exactly 0, or on a grid of quarters (many ties). */
  const values = (count: number, kind: "zeros" | "ties" | "plain") =>
    Float32Array.from({ length: count }, () => {
      const v = prng() - 0.5;
      if (kind === "ties") return Math.round(4 * v) / 4;
      return kind === "zeros" && prng() < 0.8 ? 0 : v;
    });
  const geometries = [
    windowGeometry(1, 28, 28, 5),
    windowGeometry(16, 12, 12, 5),
    windowGeometry(3, 9, 9, 3, { stride: 2, padding: "same" }),
    windowGeometry(2, 8, 8, 4, { padding: "same" }),
    { ...windowGeometry(2, 6, 6, 3, { stride: 2 }), pad: 2, outHeight: 4, outWidth: 4 },
  ];
  const pools = [
    windowGeometry(16, 24, 24, 2, { stride: 2 }),
    windowGeometry(2, 7, 7, 3, { stride: 2, padding: "same" }),
    windowGeometry(3, 6, 6, 3),
    windowGeometry(2, 5, 5, 2, { stride: 2, padding: "same" }),
  ];

  /** Every window op on `backend` over the same inputs, downloaded. */
  async function windowOps<T extends Tensor>(backend: Backend<T>, m: number) {
    prng = seededPrng(2);
    const results: Float32Array[] = [];
    const put = (rows: number, cols: number, data: Float32Array) => {
      const tensor = backend.create(rows, cols);
      backend.upload(tensor, data);
      return tensor;
    };
    const inputs = values;
    for (const g of geometries) {
      const pixels = g.channels * g.height * g.width;
      const [rows, cols] = [g.channels * g.kernel ** 2, g.outHeight * g.outWidth * m];
      const x = put(pixels, m, inputs(pixels * m, "zeros"));
      const out = backend.create(rows, cols);
      backend.im2col(x, g, out);
      results.push(await backend.download(out));
      const image = backend.create(pixels, m);
      backend.col2im(put(rows, cols, inputs(rows * cols, "plain")), g, image);
      results.push(await backend.download(image));
      const reshaped = backend.create(cols, rows);
      backend.reshape(out, reshaped);
      results.push(await backend.download(reshaped));
    }
    for (const g of pools) {
      const pixels = g.channels * g.height * g.width;
      const windows = g.channels * g.outHeight * g.outWidth;
      for (const kind of ["plain", "ties"] as const) {
        const x = put(pixels, m, inputs(pixels * m, kind));
        const pooled = backend.create(windows, m);
        backend.maxPool(x, g, pooled);
        results.push(await backend.download(pooled));
        const dx = backend.create(pixels, m);
        backend.maxPoolGrad(put(windows, m, inputs(windows * m, "plain")), x, g, dx);
        results.push(await backend.download(dx));
      }
    }
    return results;
  }

  for (const m of [19, 128]) {
    await t.step(
      `agree with backend-js bit for bit, one or two threads, ${m} samples`,
      async () => {
        const want = await windowOps(new JsBackend(), m);
        const configurations: WasmBackendOptions[] = [
          { threads: 1 },
          { threads: 2, parallelThreshold: 1 },
        ];
        for (const options of configurations) {
          const backend = new WasmBackend(options);
          const got = await windowOps(backend, m);
          backend.close();
          got.forEach((result, index) => {
            assert.deepEqual(result, want[index], `result ${index}, ${JSON.stringify(options)}`);
          });
        }
      },
    );
  }

  await t.step("allocate nothing once their first call has run", async () => {
    const backend = new WasmBackend({ threads: 2, parallelThreshold: 1 });
    const conv = windowGeometry(1, 28, 28, 5);
    const pool = windowGeometry(16, 24, 24, 2, { stride: 2 });
    const m = 32;
    const x = backend.create(784, m);
    backend.upload(x, values(784 * m, "zeros"));
    const cols = backend.create(25, 576 * m);
    const dx = backend.create(784, m);
    const z = backend.create(16, 576 * m);
    backend.upload(z, values(16 * 576 * m, "plain"));
    const images = backend.create(16 * 576, m);
    const pooled = backend.create(16 * 144, m);
    const dImages = backend.create(16 * 576, m);
    const ops = () => {
      backend.im2col(x, conv, cols);
      backend.col2im(cols, conv, dx);
      backend.reshape(z, images);
      backend.maxPool(images, pool, pooled);
      backend.maxPoolGrad(pooled, images, pool, dImages);
    };
    ops();
    // Tensors of sizes nothing else has: each comes from the top of the heap.
    const before = backend.create(1, 1001);
    for (let i = 0; i < 3; i++) ops();
    const after = backend.create(1, 1003);
    assert.equal(after.address, before.address + 4016, "the ops reserved memory");
    assert.ok((await backend.download(pooled)).some((v) => v !== 0));
    backend.close();
  });
});

Deno.test("WasmBackend long products", async (t) => {
  await t.step(
    "A·Bᵀ past 8,192 terms gives the unblocked kernel's sums bit for bit, one or two threads",
    async () => {
      const prng = seededPrng(3);
      for (const [n, q, m] of [[16, 25, 9001], [5, 7, 8193], [1, 3, 12_000], [4, 4, 8196]]) {
        const A = Float32Array.from({ length: n * m }, () => prng() - 0.5);
        const B = Float32Array.from({ length: q * m }, () => prng() - 0.5);
        const heap = new Heap();
        const kernels = instantiate(kernelsModule(), heap.memory);
        const [a, b, out] = [heap.alloc(4 * n * m), heap.alloc(4 * q * m), heap.alloc(4 * n * q)];
        heap.f32(a, n * m).set(A);
        heap.f32(b, q * m).set(B);
        kernels.wideTimesWideTransposed(a, b, q, m, out, 1 / m, 0, n);
        const want = heap.f32(out, n * q).slice();
        for (
          const options of [{ threads: 1 }, { threads: 2, parallelThreshold: 1 }] as const
        ) {
          const backend = new WasmBackend(options);
          const [ta, tb, tout] = [backend.create(n, m), backend.create(q, m), backend.create(n, q)];
          backend.upload(ta, A);
          backend.upload(tb, B);
          backend.matmul(ta, tb, tout, { transposeB: true, alpha: 1 / m });
          assert.deepEqual(await backend.download(tout), want, `${n}x${m} · ${m}x${q}`);
          backend.close();
        }
      }
    },
  );
});
