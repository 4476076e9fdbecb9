import assert from "node:assert/strict";
import { dense, mlp, parseLayerList, tanh } from "@simple-mnist/model";
import { netName } from "./net_name.ts";

const MNIST = { height: 28, width: 28 };

Deno.test("netName", async (t) => {
  await t.step("an MLP is its widths, as netArchitecture writes them", () => {
    assert.equal(
      netName({ input: [784], layers: mlp([784, 256, 128, 10], "tanh") }),
      "784-256-128-10",
    );
    assert.equal(
      netName({ input: [4], layers: [tanh(), dense(4, 2)] }),
      "4 → tanh() → dense(4, 2)",
    );
  });

  await t.step("a conv net is its image size and the layers that shape it", () => {
    const net = parseLayerList("conv:8:5,relu,pool:2,conv:16:5,relu,pool:2,dense:10", MNIST);
    assert.equal(netName(net), "28x28-conv5x5x8-pool2-conv5x5x16-pool2-10");
  });

  await t.step("stride, same padding, a pool's own stride, dropout and other activations", () => {
    const net = parseLayerList(
      "conv:4:3:same:s2,leaky-relu,dropout:0.1,pool:3:s1,flatten,dense:32,sigmoid,dense:10",
      MNIST,
    );
    assert.equal(netName(net), "28x28-conv3x3x4s2same-leakyRelu-pool3s1-32-sigmoid-10");
  });

  await t.step("the name holds nothing a file name or the menu's comma split trips on", () => {
    const net = parseLayerList("conv:8:5,relu,pool:2,dense:10", MNIST);
    assert.doesNotMatch(netName(net), /[\s,:/\\]/);
  });
});
