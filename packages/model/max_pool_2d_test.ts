import assert from "node:assert/strict";
import type { Backend, Tensor } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import { MAX_POOL_2D, maxPool2d, type MaxPool2dSpec, parseLayer } from "./mod.ts";
import { testBackends } from "./_test_backends.ts";
import { assertClose, maxPoolForward } from "./_test_conv_reference.ts";

function build<T extends Tensor>(backend: Backend<T>, spec: MaxPool2dSpec, input: number[]) {
  return MAX_POOL_2D.build(spec, {
    backend,
    input,
    inputGradient: true,
    param: () => {
      throw new Error("a pooling has no parameters");
    },
  });
}

const CASES: { name: string; spec: MaxPool2dSpec; input: [number, number, number] }[] = [
  { name: "2x2 tiles", spec: maxPool2d(2), input: [3, 6, 6] },
  {
    name: "2x2 over an odd size, the last row and column left out",
    spec: maxPool2d(2),
    input: [
      2,
      5,
      5,
    ],
  },
  { name: "3x3 stride 2, overlapping", spec: maxPool2d(3, 2), input: [2, 7, 7] },
  { name: "3x3 stride 1", spec: maxPool2d(3, 1), input: [1, 5, 6] },
];

for (const backend of testBackends()) {
  Deno.test(`MaxPool2d on ${backend.name}`, async (t) => {
    for (const { name, spec, input } of CASES) {
      await t.step(`forward, backward and kinks match direct loops: ${name}`, async () => {
        const [C, H, W] = input;
        const layer = build(backend, spec, input);
        const prng = seededPrng(5);
        for (const m of [3, 2]) {
          // Whole numbers in a small range, so that ties happen and go to the first.
          const Xv = Float32Array.from({ length: C * H * W * m }, () => Math.floor(prng() * 4));
          const X = backend.create(C * H * W, m);
          backend.upload(X, Xv);
          const { A, winners, offsets } = maxPoolForward(C, H, W, spec.size, spec.stride, Xv, m);
          const out = layer.forward(X, true);
          assertClose(await backend.download(out), A, 0, "A");
          const dAv = Float32Array.from({ length: A.length }, () => prng() * 2 - 1);
          const dA = backend.create(A.length / m, m);
          backend.upload(dA, dAv);
          const expected = new Float64Array(Xv.length);
          winners.forEach((p, o) => (expected[p] += dAv[o]));
          assertClose(await backend.download(layer.backward(dA)!), expected, 1e-6, "dX");
          // kinks(): each window's first winner, as an index into the window.
          const kinks = await layer.kinks!();
          assert.equal(kinks.length, A.length);
          assert.deepEqual([...kinks], [...offsets]);
          backend.dispose(X);
          backend.dispose(dA);
        }
        layer.dispose();
      });
    }
  });
}

Deno.test("MaxPool2d", async (t) => {
  await t.step("refuses backward before forward", () => {
    const backend = new JsBackend();
    const layer = build(backend, maxPool2d(2), [1, 4, 4]);
    assert.throws(
      () => layer.backward(backend.create(4, 1)),
      /maxPool2d\(2\) backward: run forward first/,
    );
  });
});

Deno.test("maxPool2d()", async (t) => {
  await t.step("makes the spec, its stride its size by default", () => {
    assert.deepEqual(maxPool2d(2), { type: "maxPool2d", size: 2, stride: 2 });
    assert.deepEqual(maxPool2d(3, 1), { type: "maxPool2d", size: 3, stride: 1 });
  });
  await t.step("refuses sizes that are not positive integers", () => {
    assert.throws(() => maxPool2d(0), /size must be a positive integer, got 0/);
    assert.throws(() => maxPool2d(2, 0), /stride must be a positive integer, got 0/);
  });
});

Deno.test("MAX_POOL_2D", async (t) => {
  await t.step("works out the output shape", () => {
    assert.deepEqual(MAX_POOL_2D.outputShape(maxPool2d(2), [16, 24, 24]), [16, 12, 12]);
    assert.deepEqual(MAX_POOL_2D.outputShape(maxPool2d(2), [16, 25, 25]), [16, 12, 12]);
    assert.deepEqual(MAX_POOL_2D.outputShape(maxPool2d(3, 2), [4, 7, 7]), [4, 3, 3]);
  });
  await t.step("refuses vectors and a window larger than the image", () => {
    assert.throws(() => MAX_POOL_2D.outputShape(maxPool2d(2), [10]), /takes images of C x H x W/);
    assert.throws(
      () => MAX_POOL_2D.outputShape(maxPool2d(5), [8, 4, 4]),
      /its 5x5 window is larger than the 4x4 image/,
    );
  });
  await t.step("reads specs from JSON and describes them", () => {
    assert.deepEqual(parseLayer({ type: "maxPool2d", size: 2 }), maxPool2d(2));
    assert.deepEqual(parseLayer({ type: "maxPool2d", size: 3, stride: 2 }), maxPool2d(3, 2));
    assert.throws(
      () => parseLayer({ type: "maxPool2d" }),
      /maxPool2d's size must be a positive integer/,
    );
    assert.equal(MAX_POOL_2D.describe(maxPool2d(2)), "maxPool2d(2)");
    assert.equal(MAX_POOL_2D.describe(maxPool2d(3, 2)), "maxPool2d(3, 2)");
    assert.deepEqual(MAX_POOL_2D.params(maxPool2d(2), [1, 4, 4]), []);
  });
});
