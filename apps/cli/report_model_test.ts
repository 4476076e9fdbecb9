import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { conv2d, dense, flatten, maxPool2d, mlp, relu, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { firstConvolution, firstLayerWeights } from "./report_model.ts";

const backend = new JsBackend();

// Two 2x2 filters on a 3x3 image: one adds its window up (bias −0.5), one
// subtracts it (bias 0); then relu, a 2x2 pool, and a dense head.
const convNet = () =>
  new Sequential(backend, [conv2d(2, 2), relu(), maxPool2d(2), flatten(), dense(2, 10)], {
    input: [1, 3, 3],
    params: {
      W1: Float32Array.of(1, 1, 1, 1, -1, -1, -1, -1),
      b1: Float32Array.of(-0.5, 0),
      W2: new Float32Array(20),
      b2: new Float32Array(10),
    },
  });

Deno.test("firstConvolution()", async (t) => {
  await t.step("gives the first conv's filters as F x C·k·k", async () => {
    const view = await firstConvolution(convNet());
    assert.equal(view?.layer, "conv2d(2, 2)");
    assert.deepEqual(
      { ...view!.filters, values: [...view!.filters.values] },
      { filters: 2, channels: 1, kernel: 2, values: [1, 1, 1, 1, -1, -1, -1, -1] },
    );
    assert.equal(view?.digit, undefined);
  });

  await t.step("runs the digit through the conv and its relu, then the pool", async () => {
    // The diagonal of a 3x3 image, ink 1 (byte 255) on 0.
    const pixels = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255);
    const view = await firstConvolution(convNet(), { pixels, caption: "a diagonal" });
    const { image, caption, stages } = view!.digit!;
    assert.equal(caption, "a diagonal");
    assert.deepEqual([image.width, image.height, [...image.data]], [
      3,
      3,
      [0, 255, 255, 255, 0, 255, 255, 255, 0],
    ]);
    assert.deepEqual(stages.map((s) => s.after), ["conv2d(2, 2) → relu()", "maxPool2d(2)"]);
    assert.deepEqual(stages.map((s) => [s.maps.channels, s.maps.height, s.maps.width]), [
      [2, 2, 2],
      [2, 1, 1],
    ]);
    // Window sums 2, 1, 1, 2: the first filter gives them less 0.5, the
    // second their negatives, which relu zeroes; the pool keeps each max.
    assert.deepEqual([...stages[0].maps.values], [1.5, 0.5, 0.5, 1.5, 0, 0, 0, 0]);
    assert.deepEqual([...stages[1].maps.values], [1.5, 0]);
  });

  await t.step("a conv without an activation or pool after it is one stage", async () => {
    const net = new Sequential(backend, [conv2d(3, 3), flatten(), dense(3 * 26 * 26, 10)], {
      input: [1, 28, 28],
      prng: seededPrng(0),
    });
    const view = await firstConvolution(net, { pixels: new Uint8Array(784), caption: "blank" });
    assert.deepEqual(view!.digit!.stages.map((s) => s.after), ["conv2d(3, 3)"]);
    assert.deepEqual([view!.digit!.image.width, view!.digit!.image.height], [28, 28]);
  });

  await t.step("is undefined for a net without a convolution", async () => {
    const net = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
    assert.equal(await firstConvolution(net), undefined);
  });
});

Deno.test("firstLayerWeights()", async (t) => {
  await t.step("gives a dense first layer's units x inputs", async () => {
    const net = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
    const weights = await firstLayerWeights(net);
    assert.deepEqual([weights?.rows, weights?.cols], [10, 784]);
  });

  await t.step("is undefined for a conv net, whose filters have their own section", async () => {
    assert.equal(await firstLayerWeights(convNet()), undefined);
  });
});
