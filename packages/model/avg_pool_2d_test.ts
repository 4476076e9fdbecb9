import assert from "node:assert/strict";
import type { Backend, Tensor } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import { AVG_POOL_2D, avgPool2d, type AvgPool2dSpec, parseLayer } from "./mod.ts";
import { testBackends } from "./_test_backends.ts";
import { assertClose } from "./_test_conv_reference.ts";

function build<T extends Tensor>(backend: Backend<T>, spec: AvgPool2dSpec, input: number[]) {
  return AVG_POOL_2D.build(spec, {
    backend,
    input,
    inputGradient: true,
    param: () => {
      throw new Error("a pooling has no parameters");
    },
  });
}

/** The mean of each window, and each window's gradient spread over its pixels, by direct loops. */
function reference(
  [C, H, W]: number[],
  k: number,
  s: number,
  X: Float32Array,
  dA: Float32Array,
  m: number,
) {
  const outH = Math.floor((H - k) / s) + 1;
  const outW = Math.floor((W - k) / s) + 1;
  const A = new Float64Array(C * outH * outW * m);
  const dX = new Float64Array(X.length);
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let n = 0; n < m; n++) {
          const o = ((c * outH + oy) * outW + ox) * m + n;
          for (let i = 0; i < k; i++) {
            for (let j = 0; j < k; j++) {
              const p = ((c * H + oy * s + i) * W + ox * s + j) * m + n;
              A[o] += X[p] / (k * k);
              dX[p] += dA[o] / (k * k);
            }
          }
        }
      }
    }
  }
  return { A, dX };
}

const CASES: { name: string; spec: AvgPool2dSpec; input: [number, number, number] }[] = [
  { name: "2x2 tiles", spec: avgPool2d(2), input: [3, 6, 6] },
  { name: "2x2 over an odd size", spec: avgPool2d(2), input: [2, 5, 5] },
  { name: "3x3 stride 2, overlapping", spec: avgPool2d(3, 2), input: [2, 7, 7] },
];

for (const backend of testBackends()) {
  Deno.test(`AvgPool2d on ${backend.name}`, async (t) => {
    for (const { name, spec, input } of CASES) {
      await t.step(`forward and backward match direct loops: ${name}`, async () => {
        const layer = build(backend, spec, input);
        const prng = seededPrng(6);
        for (const m of [3, 2]) {
          const size = input[0] * input[1] * input[2];
          const Xv = Float32Array.from({ length: size * m }, () => prng() * 2 - 1);
          const out = layer.outputShape[0] * layer.outputShape[1] * layer.outputShape[2];
          const dAv = Float32Array.from({ length: out * m }, () => prng() * 2 - 1);
          const expected = reference(input, spec.size, spec.stride, Xv, dAv, m);
          const X = backend.create(size, m);
          const dA = backend.create(out, m);
          backend.upload(X, Xv);
          backend.upload(dA, dAv);
          assertClose(await backend.download(layer.forward(X, true)), expected.A, 1e-6, "A");
          assertClose(await backend.download(layer.backward(dA)!), expected.dX, 1e-6, "dX");
          backend.dispose(X);
          backend.dispose(dA);
        }
        layer.dispose();
      });
    }
  });
}

Deno.test("AvgPool2d", async (t) => {
  await t.step("refuses backward before forward", () => {
    const backend = new JsBackend();
    const layer = build(backend, avgPool2d(2), [1, 4, 4]);
    assert.throws(
      () => layer.backward(backend.create(4, 1)),
      /avgPool2d\(2\) backward: run forward first/,
    );
  });
});

Deno.test("AVG_POOL_2D", async (t) => {
  await t.step("works out the output shape, and refuses a window larger than the image", () => {
    assert.deepEqual(AVG_POOL_2D.outputShape(avgPool2d(2), [16, 25, 25]), [16, 12, 12]);
    assert.deepEqual(AVG_POOL_2D.outputShape(avgPool2d(3, 2), [4, 7, 7]), [4, 3, 3]);
    assert.throws(() => AVG_POOL_2D.outputShape(avgPool2d(2), [10]), /takes images/);
    assert.throws(
      () => AVG_POOL_2D.outputShape(avgPool2d(5), [8, 4, 4]),
      /its 5x5 window is larger than the 4x4 image/,
    );
  });
  await t.step("reads specs from JSON and describes them", () => {
    assert.deepEqual(parseLayer({ type: "avgPool2d", size: 3, stride: 2 }), avgPool2d(3, 2));
    assert.throws(() => parseLayer({ type: "avgPool2d", size: 0 }), /size must be a positive/);
    assert.equal(AVG_POOL_2D.describe(avgPool2d(2)), "avgPool2d(2)");
    assert.equal(AVG_POOL_2D.describe(avgPool2d(3, 1)), "avgPool2d(3, 1)");
  });
});
