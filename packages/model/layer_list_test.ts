import assert from "node:assert/strict";
import {
  conv2d,
  dense,
  dropout,
  flatten,
  leakyRelu,
  maxPool2d,
  parseLayerList,
  planNet,
  relu,
  tanh,
} from "./mod.ts";

const MNIST = { height: 28, width: 28 };

Deno.test("parseLayerList()", async (t) => {
  await t.step("reads LeNet's shape, flattening before the dense layer", () => {
    const net = parseLayerList("conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10", MNIST);
    assert.deepEqual(net, {
      input: [1, 28, 28],
      layers: [
        conv2d(16, 5),
        relu(),
        maxPool2d(2),
        conv2d(32, 5),
        relu(),
        maxPool2d(2),
        flatten(),
        dense(512, 10),
      ],
    });
    assert.equal(planNet(net.layers, net.input).output, 10);
  });
  await t.step("reads padding and stride in any order after the sizes", () => {
    const { layers } = parseLayerList(
      "conv:16:5:same,conv:8:3:s2,conv:4:3:s2:same,dense:10",
      MNIST,
    );
    assert.deepEqual(layers.slice(0, 3), [
      conv2d(16, 5, { padding: "same" }),
      conv2d(8, 3, { stride: 2 }),
      conv2d(4, 3, { stride: 2, padding: "same" }),
    ]);
    assert.deepEqual(layers.slice(3), [flatten(), dense(4 * 7 * 7, 10)]);
  });
  await t.step("reads pooling strides, activations, dropout and an explicit flatten", () => {
    const { layers } = parseLayerList(
      "conv:4:3,leaky-relu,pool:3:s2,flatten,dropout:0.25,dense:32,tanh,dense:10",
      MNIST,
    );
    assert.deepEqual(layers, [
      conv2d(4, 3),
      leakyRelu(),
      maxPool2d(3, 2),
      flatten(),
      dropout(0.25),
      dense(4 * 12 * 12, 32),
      tanh(),
      dense(32, 10),
    ]);
  });
  await t.step("gives a net without convolutions the pixels as a vector", () => {
    assert.deepEqual(parseLayerList("dense:128, relu, dense:10", MNIST), {
      input: [784],
      layers: [dense(784, 128), relu(), dense(128, 10)],
    });
  });
  await t.step("refuses what does not parse, naming the item", () => {
    for (
      const [text, message] of [
        ["", /the list is empty/],
        ["conv:16", /item 1, "conv:16", does not parse: write conv:FILTERS:KERNEL/],
        ["conv:16:5:full", /item 1, "conv:16:5:full", does not parse/],
        ["conv:16:3:s0", /item 1, "conv:16:3:s0", does not parse: .*a stride is at least 1/],
        ["conv:0:3", /item 1, "conv:0:3", does not parse/],
        ["relu,pool", /item 2, "pool", does not parse: write pool:SIZE/],
        ["pool:2:2", /item 1, "pool:2:2", does not parse/],
        ["dense:ten", /item 1, "dense:ten", does not parse: write dense:UNITS/],
        ["dense:10,dropout:1", /item 2, "dropout:1", does not parse: write dropout:RATE/],
        ["relu:2", /item 1, "relu:2", does not parse: write relu/],
        ["capsule:4", /item 1, "capsule:4", is not a layer: the layers are conv, pool/],
        ["conv:4:3,,dense:10", /item 2, "", is not a layer/],
      ] as const
    ) {
      assert.throws(() => parseLayerList(text, MNIST), { name: "RangeError", message }, text);
    }
  });
  await t.step("refuses shapes that do not chain, naming both items and the shape", () => {
    assert.throws(
      () => parseLayerList("conv:8:29,dense:10", MNIST),
      /item 1, conv:8:29, cannot take the input 1x28x28: its 29x29 kernel is larger than the 28x28 image/,
    );
    assert.throws(
      () => parseLayerList("conv:16:5,pool:2,conv:32:5,pool:2,pool:5,dense:10", MNIST),
      /item 5, pool:5, cannot take the 32x4x4 output of item 4, pool:2: its 5x5 window is larger than the 4x4 image/,
    );
  });
});
