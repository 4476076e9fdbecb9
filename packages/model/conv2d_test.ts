import assert from "node:assert/strict";
import type { Backend, Tensor } from "@simple-mnist/backend";
import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import {
  CONV2D,
  conv2d,
  type Conv2dSpec,
  dense,
  flatten,
  parseLayer,
  planNet,
  Sequential,
} from "./mod.ts";
import { testBackends } from "./_test_backends.ts";
import { assertClose, type Conv, convBackward, convForward } from "./_test_conv_reference.ts";

/** Builds one conv layer straight from its type, with its parameters uploaded. */
function build<T extends Tensor>(
  backend: Backend<T>,
  spec: Conv2dSpec,
  input: readonly number[],
  values: { W: Float32Array; b: Float32Array },
) {
  const tensors = CONV2D.params(spec, input).map((param) => {
    const [rows, cols = 1] = param.shape;
    const value = backend.create(rows, cols);
    backend.upload(value, values[param.name as "W" | "b"]);
    return { name: `${param.name}1`, spec: param, value, grad: backend.create(rows, cols) };
  });
  const layer = CONV2D.build(spec, {
    backend,
    input,
    inputGradient: true,
    param: (name) => tensors.find((t) => t.spec.name === name)!,
  });
  return { layer, tensors };
}

const CASES: { name: string; spec: Conv2dSpec; input: [number, number, number] }[] = [
  { name: "3x3 valid, one channel", spec: conv2d(2, 3), input: [1, 6, 6] },
  {
    name: "3x3 stride 2 same, two channels, odd size",
    spec: conv2d(3, 3, { stride: 2, padding: "same" }),
    input: [2, 7, 7],
  },
  { name: "1x1 kernel", spec: conv2d(4, 1), input: [3, 5, 5] },
  { name: "5x5 same", spec: conv2d(2, 5, { padding: "same" }), input: [2, 6, 6] },
  { name: "3x3 stride 2 valid", spec: conv2d(2, 3, { stride: 2 }), input: [1, 9, 9] },
];

for (const backend of testBackends()) {
  Deno.test(`Conv2d on ${backend.name}`, async (t) => {
    for (const { name, spec, input } of CASES) {
      await t.step(`forward and backward match direct loops: ${name}`, async () => {
        const [C, H, W] = input;
        const [F, outH, outW] = CONV2D.outputShape(spec, input);
        const total = (outH - 1) * spec.stride + spec.kernel - H;
        const g: Conv = {
          C,
          H,
          W,
          F,
          k: spec.kernel,
          stride: spec.stride,
          pad: spec.padding === "same" ? Math.floor(Math.max(total, 0) / 2) : 0,
          outH,
          outW,
        };
        const prng = seededPrng(3);
        const random = (n: number) => Float32Array.from({ length: n }, () => prng() * 2 - 1);
        const Wv = random(F * C * spec.kernel ** 2);
        const bv = random(F);
        const { layer, tensors } = build(backend, spec, input, { W: Wv, b: bv });
        // A batch of 3, then the last, smaller batch of 2.
        for (const m of [3, 2, 3]) {
          const Xv = random(C * H * W * m);
          const dZv = random(F * outH * outW * m);
          const X = backend.create(C * H * W, m);
          const dZ = backend.create(F * outH * outW, m);
          backend.upload(X, Xv);
          backend.upload(dZ, dZv);
          const Z = layer.forward(X, true);
          assert.deepEqual([Z.rows, Z.cols], [F * outH * outW, m]);
          assertClose(await backend.download(Z), convForward(g, Xv, Wv, bv, m), 1e-5, "Z");
          const dX = layer.backward(dZ)!;
          const expected = convBackward(g, Xv, Wv, dZv, m);
          assertClose(await backend.download(tensors[0].grad), expected.dW, 1e-5, "dW");
          assertClose(await backend.download(tensors[1].grad), expected.db, 1e-5, "db");
          assertClose(await backend.download(dX), expected.dX, 1e-5, "dX");
          backend.dispose(X);
          backend.dispose(dZ);
        }
        layer.dispose();
        for (const tensor of tensors) {
          backend.dispose(tensor.value);
          backend.dispose(tensor.grad);
        }
      });
    }
  });
}

/** A JsBackend that counts the tensors it makes. */
class CountingBackend extends JsBackend {
  created = 0;
  override create(rows: number, cols: number): JsTensor {
    this.created++;
    return super.create(rows, cols);
  }
}

Deno.test("Conv2d", async (t) => {
  await t.step("allocates nothing per step once a batch size's buffers exist", () => {
    const backend = new CountingBackend();
    const { layer } = build(backend, conv2d(2, 3), [1, 5, 5], {
      W: new Float32Array(18),
      b: new Float32Array(2),
    });
    const X = backend.create(25, 4);
    const dZ = backend.create(18, 4);
    layer.forward(X, true);
    layer.backward(dZ);
    const after = backend.created;
    for (let step = 0; step < 3; step++) {
      layer.forward(X, true);
      layer.backward(dZ);
    }
    assert.equal(backend.created, after);
  });
  await t.step("refuses backward before forward, or on another batch size", () => {
    const backend = new JsBackend();
    const { layer } = build(backend, conv2d(2, 3), [1, 5, 5], {
      W: new Float32Array(18),
      b: new Float32Array(2),
    });
    assert.throws(() => layer.backward(backend.create(18, 4)), /run forward first/);
    layer.forward(backend.create(25, 4), true);
    assert.throws(() => layer.backward(backend.create(18, 3)), /run forward first/);
  });
  await t.step("returns no input gradient as the net's first learning layer", () => {
    const backend = new JsBackend();
    const net = new Sequential(backend, [conv2d(2, 3), flatten(), dense(18, 2)], {
      input: [1, 5, 5],
      prng: seededPrng(0),
    });
    const X = backend.create(25, 2);
    net.forward(X, true);
    assert.equal(net.layers[0].backward(backend.create(18, 2)), undefined);
  });
});

Deno.test("conv2d()", async (t) => {
  await t.step("makes the spec, with stride 1 and valid padding by default", () => {
    assert.deepEqual(conv2d(16, 5), {
      type: "conv2d",
      filters: 16,
      kernel: 5,
      stride: 1,
      padding: "valid",
    });
  });
  await t.step("refuses sizes that are not positive integers, and unknown padding", () => {
    assert.throws(() => conv2d(0, 5), /filters must be a positive integer, got 0/);
    assert.throws(() => conv2d(16, 2.5), /kernel must be a positive integer/);
    assert.throws(() => conv2d(16, 5, { stride: 0 }), /stride must be a positive integer, got 0/);
    // @ts-expect-error: not a padding
    assert.throws(() => conv2d(16, 5, { padding: "full" }), /padding must be "valid" or "same"/);
  });
});

Deno.test("CONV2D", async (t) => {
  await t.step("works out the output shape", () => {
    assert.deepEqual(CONV2D.outputShape(conv2d(16, 5), [1, 28, 28]), [16, 24, 24]);
    assert.deepEqual(CONV2D.outputShape(conv2d(16, 5, { padding: "same" }), [1, 28, 28]), [
      16,
      28,
      28,
    ]);
    assert.deepEqual(CONV2D.outputShape(conv2d(4, 3, { stride: 2 }), [2, 9, 9]), [4, 4, 4]);
    assert.deepEqual(CONV2D.outputShape(conv2d(4, 3, { stride: 2, padding: "same" }), [2, 9, 9]), [
      4,
      5,
      5,
    ]);
  });
  await t.step("declares W as F x (C·k·k) with fan-in C·k·k, and b per filter", () => {
    assert.deepEqual(CONV2D.params(conv2d(32, 5), [16, 12, 12]), [
      { name: "W", shape: [32, 400], role: "weight", fanIn: 400 },
      { name: "b", shape: [32], role: "bias", fanIn: 400 },
    ]);
  });
  await t.step("refuses vectors and a kernel larger than the image", () => {
    assert.throws(() => CONV2D.outputShape(conv2d(4, 3), [784]), /takes images of C x H x W/);
    assert.throws(
      () => CONV2D.outputShape(conv2d(4, 5), [8, 4, 4]),
      /its 5x5 kernel is larger than the 4x4 image/,
    );
    // With same padding a large kernel is fine, as in Keras.
    assert.deepEqual(CONV2D.outputShape(conv2d(4, 5, { padding: "same" }), [8, 4, 4]), [4, 4, 4]);
  });
  await t.step("reads specs from JSON, defaults filled in, and refuses bad fields", () => {
    assert.deepEqual(parseLayer({ type: "conv2d", filters: 8, kernel: 3 }), conv2d(8, 3));
    assert.deepEqual(
      parseLayer({ type: "conv2d", filters: 8, kernel: 3, stride: 2, padding: "same" }),
      conv2d(8, 3, { stride: 2, padding: "same" }),
    );
    assert.throws(
      () => parseLayer({ type: "conv2d", filters: 8, kernel: 3, stride: 0 }),
      /conv2d's stride must be a positive integer, got 0/,
    );
    assert.throws(
      () => parseLayer({ type: "conv2d", filters: 8, kernel: 3, padding: "full" }),
      /conv2d's padding must be one of valid, same, got "full"/,
    );
    assert.throws(
      () => parseLayer({ type: "conv2d", filters: 8, kernel: 3, dilation: 2 }),
      /conv2d has no field "dilation"/,
    );
  });
  await t.step("describes itself as the call that makes it", () => {
    assert.equal(CONV2D.describe(conv2d(16, 5)), "conv2d(16, 5)");
    assert.equal(
      CONV2D.describe(conv2d(16, 3, { stride: 2, padding: "same" })),
      `conv2d(16, 3, { stride: 2, padding: "same" })`,
    );
  });
  await t.step("in a net whose shapes do not chain, names both layers and shapes", () => {
    assert.throws(
      () =>
        planNet([conv2d(8, 5), conv2d(8, 5), conv2d(8, 5), flatten(), dense(8, 10)], [1, 12, 12]),
      /layer 3, conv2d\(8, 5\), cannot take the 8x4x4 output of layer 2, conv2d\(8, 5\): its 5x5 kernel is larger than the 4x4 image/,
    );
    assert.throws(
      () => planNet([conv2d(8, 5), dense(8 * 24 * 24, 10)], [1, 28, 28]),
      /layer 2, dense\(4608, 10\), cannot take the 8x24x24 output of layer 1, conv2d\(8, 5\): it takes vectors of 4608 \(flatten the 8x24x24 images first\)/,
    );
  });
});
