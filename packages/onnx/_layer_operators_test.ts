import assert from "node:assert/strict";
import { GraphBuilder, LAYER_OPERATORS, LayerError } from "./_layer_operators.ts";

const params = { W1: { shape: [2, 3], values: new Float32Array(6) } };

Deno.test("GraphBuilder.add()", async (t) => {
  await t.step("chains each node onto the current value", () => {
    const graph = new GraphBuilder("x", [3], params);
    graph.add("a", "Relu", [3]);
    graph.add("b", "Tanh", [3], ["extra"]);
    assert.deepEqual(graph.nodes.map((n) => [n.inputs, n.outputs]), [
      [["x"], ["a"]],
      [["a", "extra"], ["b"]],
    ]);
    assert.equal(graph.value, "b");
  });
});

Deno.test("GraphBuilder.param()", async (t) => {
  await t.step("adds the parameter with ONNX's dims over the same values", () => {
    const graph = new GraphBuilder("x", [3], params);
    assert.equal(graph.param("W1", [2, 3], [2, 3, 1, 1]), "W1");
    assert.deepEqual(graph.initializers[0].dims, [2, 3, 1, 1]);
    assert.equal(graph.initializers[0].values, params.W1.values);
  });
  await t.step("refuses a missing, inherited or misshapen parameter", () => {
    const graph = new GraphBuilder("x", [3], params);
    assert.throws(() => graph.param("W2", [2, 3]), LayerError);
    assert.throws(() => graph.param("constructor", [1]), /constructor, which is missing/);
    assert.throws(() => graph.param("W1", [3, 2]), /is \[2,3\] but the layer needs \[3,2\]/);
    assert.throws(() => graph.param("W1", [2, 3, 1]), LayerError);
  });
});

Deno.test("GraphBuilder.constant()", async (t) => {
  await t.step("adds an int64 vector", () => {
    const graph = new GraphBuilder("x", [3], params);
    graph.constant("s", [0, -1]);
    assert.deepEqual(graph.initializers[0], {
      name: "s",
      dataType: "int64",
      dims: [2],
      values: [0, -1],
    });
  });
});

Deno.test("LAYER_OPERATORS", async (t) => {
  await t.step("covers every layer type of the contract", () => {
    assert.deepEqual(Object.keys(LAYER_OPERATORS).sort(), [
      "avgPool2d",
      "batchNorm",
      "conv2d",
      "dense",
      "dropout",
      "flatten",
      "leakyRelu",
      "maxPool2d",
      "relu",
      "sigmoid",
      "tanh",
    ]);
  });
  await t.step("tracks the per-sample shape through conv and pooling", () => {
    const graph = new GraphBuilder("x", [3, 9, 9], {
      W1: { shape: [4, 3 * 9], values: new Float32Array(4 * 27) },
      b1: { shape: [4], values: new Float32Array(4) },
    });
    LAYER_OPERATORS.conv2d(graph, { type: "conv2d", filters: 4, kernel: 3, stride: 2 }, "c");
    assert.deepEqual(graph.shape, [4, 4, 4]);
    LAYER_OPERATORS.maxPool2d(graph, { type: "maxPool2d", size: 3, stride: 1 }, "p");
    assert.deepEqual(graph.shape, [4, 2, 2]);
    LAYER_OPERATORS.flatten(graph, { type: "flatten" }, "f");
    assert.deepEqual(graph.shape, [16]);
  });
  await t.step("gives dropout no node", () => {
    const graph = new GraphBuilder("x", [3], params);
    LAYER_OPERATORS.dropout(graph, { type: "dropout", rate: 0.5 }, "d");
    assert.equal(graph.nodes.length, 0);
  });
  await t.step("refuses a batchNorm epsilon that is not positive", () => {
    const graph = new GraphBuilder("x", [3], params);
    assert.throws(
      () => LAYER_OPERATORS.batchNorm(graph, { type: "batchNorm", epsilon: 0 }, "n"),
      /epsilon must be a positive number, got 0/,
    );
  });
});
