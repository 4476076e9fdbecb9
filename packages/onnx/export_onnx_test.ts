import assert from "node:assert/strict";
import { LEAKY_RELU_SLOPE } from "@simple-mnist/backend";
import { seededPrng } from "@simple-mnist/random";
import { randomParams } from "./_test_params.ts";
import { integers, messages, strings } from "./_test_protobuf_reader.ts";
import {
  exportOnnx,
  ONNX_INPUT,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  ONNX_OUTPUT,
  onnxModelOf,
} from "./export_onnx.ts";
import {
  CONV2D,
  conv2d,
  dense,
  flatten,
  LAYER_TYPES,
  type LayerSpec,
  type LayerType,
  maxPool2d,
  type NetDescription,
  planNet,
} from "@simple-mnist/model";
import type { OnnxNode } from "./onnx_messages.ts";

const SEED_NET: NetDescription = {
  input: [784],
  layers: [
    { type: "dense", inputs: 784, units: 10 },
    { type: "relu" },
    { type: "dense", inputs: 10, units: 10 },
  ],
  params: randomParams(seededPrng(0), { W1: [10, 784], b1: [10], W2: [10, 10], b2: [10] }),
  metadata: { seed: 0, optimizer: "sgd", hidden: [10], testAccuracy: 0.9, note: undefined },
};

function convNet(layers: LayerSpec[], shapes: Record<string, number[]>): NetDescription {
  return { input: [1, 28, 28], layers, params: randomParams(seededPrng(1), shapes), metadata: {} };
}

function node(description: NetDescription, opType: string): OnnxNode {
  const found = onnxModelOf(description).graph.nodes.find((n) => n.opType === opType);
  assert.ok(found, `no ${opType} node`);
  return found;
}

function attribute(n: OnnxNode, name: string): unknown {
  return n.attributes?.find((a) => a.name === name)?.value;
}

Deno.test("onnxModelOf()", async (t) => {
  await t.step("maps the seed net to Gemm, Relu, Gemm, Softmax over pixels", () => {
    const { graph } = onnxModelOf(SEED_NET);
    assert.deepEqual(graph.nodes.map((n) => n.opType), ["Gemm", "Relu", "Gemm", "Softmax"]);
    assert.deepEqual(graph.nodes[0].inputs, [ONNX_INPUT, "W1", "b1"]);
    assert.deepEqual(graph.nodes[1].inputs, graph.nodes[0].outputs);
    assert.deepEqual(graph.nodes.at(-1)?.outputs, [ONNX_OUTPUT]);
    assert.deepEqual(graph.inputs.map((v) => [v.name, v.shape]), [[ONNX_INPUT, ["N", 784]]]);
    assert.deepEqual(graph.outputs.map((v) => [v.name, v.shape]), [[ONNX_OUTPUT, ["N", 10]]]);
  });
  await t.step("gives Gemm transB = 1 and the weights as [units, inputs]", () => {
    const gemm = node(SEED_NET, "Gemm");
    assert.equal(attribute(gemm, "transB"), 1);
    assert.equal(attribute(gemm, "transA"), undefined);
    const W1 = onnxModelOf(SEED_NET).graph.initializers.find((i) => i.name === "W1");
    assert.deepEqual(W1?.dims, [10, 784]);
    assert.equal(W1?.values, SEED_NET.params.W1.values);
  });
  await t.step("takes Softmax over axis 1, the classes", () => {
    assert.equal(attribute(node(SEED_NET, "Softmax"), "axis"), 1);
  });
  await t.step("maps each activation, leaky ReLU with the project's slope", () => {
    const ops = { relu: "Relu", leakyRelu: "LeakyRelu", tanh: "Tanh", sigmoid: "Sigmoid" };
    for (const [type, opType] of Object.entries(ops)) {
      const layers = [SEED_NET.layers[0], { type }, SEED_NET.layers[2]];
      const n = node({ ...SEED_NET, layers }, opType);
      if (type === "leakyRelu") assert.equal(attribute(n, "alpha"), LEAKY_RELU_SLOPE);
    }
  });
  await t.step("leaves dropout out", () => {
    const layers = [
      SEED_NET.layers[0],
      { type: "dropout", rate: 0.5 },
      ...SEED_NET.layers.slice(1),
    ];
    const { graph } = onnxModelOf({ ...SEED_NET, layers });
    assert.deepEqual(graph.nodes.map((n) => n.opType), ["Gemm", "Relu", "Gemm", "Softmax"]);
  });
  await t.step("keeps string metadata, JSON-encodes the rest, skips undefined", () => {
    assert.deepEqual(onnxModelOf(SEED_NET).metadata, {
      seed: "0",
      optimizer: "sgd",
      hidden: "[10]",
      testAccuracy: "0.9",
    });
  });
  await t.step("labels the model: opset, IR version, producer, doc string", () => {
    const model = onnxModelOf(SEED_NET);
    assert.equal(model.opsetVersion, ONNX_OPSET);
    assert.equal(model.irVersion, ONNX_IR_VERSION);
    assert.equal(model.producerName, "simple-mnist");
    assert.equal(model.producerVersion, "0.1.0");
    assert.equal(onnxModelOf(SEED_NET, { producerVersion: "9.9.9" }).producerVersion, "9.9.9");
    assert.match(model.docString, /float32 \[N, 784\]/);
    assert.match(model.docString, /scaled to \[0, 1\]/);
    assert.match(model.docString, /float32 \[N, 10\]/);
  });
  await t.step("the producer version is the package's", async () => {
    const config = JSON.parse(await Deno.readTextFile(new URL("./deno.json", import.meta.url)));
    assert.equal(onnxModelOf(SEED_NET).producerVersion, config.version);
  });
  await t.step("reshapes [C, H, W] input to [N, C, H, W], keeping N (0)", () => {
    const net = convNet([{ type: "flatten" }, { type: "dense", inputs: 784, units: 10 }], {
      W1: [10, 784],
      b1: [10],
    });
    const { graph } = onnxModelOf(net);
    assert.deepEqual(graph.nodes.map((n) => n.opType), ["Reshape", "Flatten", "Gemm", "Softmax"]);
    assert.deepEqual(graph.inputs[0].shape, ["N", 784]);
    const shape = graph.initializers.find((i) => i.name === graph.nodes[0].inputs[1]);
    assert.deepEqual([shape?.dataType, Array.from(shape!.values)], ["int64", [0, 1, 28, 28]]);
    assert.equal(attribute(graph.nodes[1], "axis"), 1);
  });
  await t.step("maps conv2d to Conv with [F, C, k, k] weights, strides and pads", () => {
    const layers: LayerSpec[] = [
      { type: "conv2d", filters: 3, kernel: 5, padding: "same" },
      { type: "conv2d", filters: 2, kernel: 3, stride: 2, padding: "same" },
      { type: "conv2d", filters: 2, kernel: 2, stride: 2 },
      { type: "flatten" },
      { type: "dense", inputs: 2 * 7 * 7, units: 10 },
    ];
    const net = convNet(layers, {
      W1: [3, 25],
      b1: [3],
      W2: [2, 27],
      b2: [2],
      W3: [2, 8],
      b3: [2],
      W4: [10, 98],
      b4: [10],
    });
    const { graph } = onnxModelOf(net);
    const convs = graph.nodes.filter((n) => n.opType === "Conv");
    assert.deepEqual(convs.map((n) => attribute(n, "kernel_shape")), [[5, 5], [3, 3], [2, 2]]);
    assert.deepEqual(convs.map((n) => attribute(n, "strides")), [[1, 1], [2, 2], [2, 2]]);
    // 28 → 28 (2 each side); 28 → 14 (1 pixel, after); 14 → 7 (valid).
    assert.deepEqual(convs.map((n) => attribute(n, "pads")), [
      [2, 2, 2, 2],
      [0, 0, 1, 1],
      [0, 0, 0, 0],
    ]);
    assert.deepEqual(convs[1].inputs.slice(1), ["W2", "b2"]);
    const W2 = graph.initializers.find((i) => i.name === "W2");
    assert.deepEqual(W2?.dims, [2, 3, 3, 3]);
  });
  await t.step("maps pooling, with the stride defaulting to the size", () => {
    const net = convNet([
      { type: "maxPool2d", size: 2 },
      { type: "avgPool2d", size: 3, stride: 2 },
      { type: "flatten" },
      { type: "dense", inputs: 36, units: 10 },
    ], { W1: [10, 36], b1: [10] });
    assert.deepEqual(attribute(node(net, "MaxPool"), "strides"), [2, 2]);
    assert.deepEqual(attribute(node(net, "AveragePool"), "kernel_shape"), [3, 3]);
    assert.deepEqual(attribute(node(net, "AveragePool"), "strides"), [2, 2]);
  });
  await t.step("maps batchNorm, counting it among the layers with parameters", () => {
    const layers: LayerSpec[] = [
      { type: "dense", inputs: 784, units: 4 },
      { type: "batchNorm", epsilon: 0.001, momentum: 0.9 },
      { type: "dense", inputs: 4, units: 10 },
    ];
    const net: NetDescription = {
      input: [784],
      layers,
      params: randomParams(seededPrng(2), {
        W1: [4, 784],
        b1: [4],
        gamma2: [4],
        beta2: [4],
        mean2: [4],
        variance2: [4],
        W3: [10, 4],
        b3: [10],
      }),
      metadata: {},
    };
    const norm = node(net, "BatchNormalization");
    assert.deepEqual(norm.inputs.slice(1), ["gamma2", "beta2", "mean2", "variance2"]);
    assert.equal(attribute(norm, "epsilon"), 0.001);
    assert.deepEqual(node(net, "Gemm").inputs.slice(1), ["W1", "b1"]);
    assert.ok(onnxModelOf(net).graph.nodes.some((n) => n.inputs.includes("W3")));
  });
});

Deno.test("onnxModelOf() refuses what it cannot map, naming the layer", async (t) => {
  const withLayers = (layers: readonly unknown[], params = SEED_NET.params): NetDescription => ({
    ...SEED_NET,
    layers: layers as LayerSpec[],
    params,
  });
  const cases: [string, NetDescription, RegExp][] = [
    [
      "a layer type with no mapping",
      withLayers([...SEED_NET.layers, { type: "softmax" }]),
      /^Cannot export the net to ONNX: layer 4 \(softmax\) has no ONNX mapping; the layer types with one are dense, relu/,
    ],
    [
      "a layer without a type",
      withLayers([{ units: 3 }]),
      /layer 1 \(undefined\) has no ONNX mapping/,
    ],
    [
      "a type that names an Object.prototype member",
      withLayers([{ type: "toString" }]),
      /layer 1 \(toString\) has no ONNX mapping/,
    ],
    [
      "a missing parameter",
      withLayers(SEED_NET.layers, { W1: SEED_NET.params.W1, b1: SEED_NET.params.b1 }),
      /layer 3 \(dense\): it needs parameter W2, which is missing/,
    ],
    [
      "a parameter of the wrong shape",
      withLayers(SEED_NET.layers, {
        ...SEED_NET.params,
        W1: { shape: [784, 10], values: SEED_NET.params.W1.values },
      }),
      /layer 1 \(dense\): parameter W1 is \[784,10\] but the layer needs \[10,784\]/,
    ],
    [
      "a parameter with too few values",
      withLayers(SEED_NET.layers, {
        ...SEED_NET.params,
        b2: { shape: [10], values: new Float32Array(9) },
      }),
      /layer 3 \(dense\): parameter b2 is \[10\] but holds 9 values/,
    ],
    [
      "a dense layer whose inputs do not match",
      withLayers([{ type: "dense", inputs: 100, units: 10 }]),
      /layer 1 \(dense\): it takes 100 inputs but the layer before gives 784/,
    ],
    [
      "a bad config value",
      withLayers([{ type: "dense", inputs: 784, units: 0 }]),
      /layer 1 \(dense\): units must be a positive integer, got 0/,
    ],
    [
      "a conv2d on a flat input",
      withLayers([{ type: "conv2d", filters: 2, kernel: 3 }]),
      /layer 1 \(conv2d\): it needs images \(channels x height x width\) but gets \[784\]/,
    ],
    [
      "an unknown padding",
      { ...convNet([{ type: "conv2d", filters: 1, kernel: 3, padding: "full" } as LayerSpec], {}) },
      /layer 1 \(conv2d\): padding must be valid or same, got "full"/,
    ],
    [
      "a window larger than its input",
      convNet([{ type: "maxPool2d", size: 29 }], {}),
      /layer 1 \(maxPool2d\): its 29-pixel window is larger than the 28-pixel input/,
    ],
    [
      "a dense layer on images (as the model, it wants a flatten first)",
      convNet([{ type: "maxPool2d", size: 2 }, { type: "dense", inputs: 196, units: 10 }], {
        W1: [10, 196],
        b1: [10],
      }),
      /layer 2 \(dense\): it takes vectors but gets \[1,14,14\] \(flatten the images first\)/,
    ],
    [
      "a parameter no layer uses",
      withLayers(SEED_NET.layers, { ...SEED_NET.params, W3: SEED_NET.params.W2 }),
      /^Cannot export the net to ONNX: no layer uses the parameters W3$/,
    ],
    [
      "a batchNorm without an epsilon (no guessed default)",
      convNet([{ type: "batchNorm" }], {}),
      /layer 1 \(batchNorm\): epsilon must be a positive number, got undefined/,
    ],
    [
      "a net that ends in images",
      convNet([{ type: "maxPool2d", size: 2 }], {}),
      /its last layer gives \[1,14,14\], not one score per class/,
    ],
    [
      "an input of two dimensions",
      { ...SEED_NET, input: [28, 28] },
      /its input must be \[features\] or \[channels, height, width\], got \[28,28\]/,
    ],
  ];
  for (const [name, description, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => onnxModelOf(description), (error: Error) => {
        assert.ok(error instanceof TypeError, error.name);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("onnxModelOf() checks the registered layer types' own shapes and parameters", async (t) => {
  // A conv2d as it might land: its "same" pads one pixel on each side
  // whatever the kernel (so a 2x2 kernel gives 29x29), and it calls its
  // bias "bias" for kernels other than 3.
  const CONV: LayerType = {
    type: "conv2d",
    parse: (json) => ({ type: "conv2d", ...json }),
    outputShape: (spec, [, h, w]) => {
      const k = Number(spec.kernel);
      return [Number(spec.filters), h + 3 - k, w + 3 - k];
    },
    params: (spec, [c]) => {
      const [filters, k] = [Number(spec.filters), Number(spec.kernel)];
      return [
        { name: "W", shape: [filters, c * k * k], role: "weight", fanIn: c * k * k },
        { name: k === 3 ? "b" : "bias", shape: [filters], role: "bias", fanIn: 1 },
      ];
    },
    describe: (spec) => `conv2d(${spec.filters}, ${spec.kernel})`,
    build: () => {
      throw new Error("not built here");
    },
  };
  const net = (kernel: number) =>
    convNet([
      { type: "conv2d", filters: 1, kernel, padding: "same" },
      { type: "flatten" },
      { type: "dense", inputs: 784, units: 10 },
    ], { W1: [1, kernel * kernel], b1: [1], W2: [10, 784], b2: [10] });
  // The registry with this conv2d in place of the registered one.
  const types = (conv: LayerType) => [...LAYER_TYPES.filter((t) => t.type !== "conv2d"), conv];
  await t.step("a layer whose shape and parameters agree exports", () => {
    const model = onnxModelOf(net(3), { types: types(CONV) });
    assert.equal(model.graph.nodes[1].opType, "Conv");
  });
  await t.step("a layer that pads otherwise is an error, not a different net", () => {
    assert.throws(
      () => onnxModelOf(net(2), { types: types(CONV) }),
      /layer 1 \(conv2d\): its operators give \[1,28,28\] but the layer gives \[1,29,29\]/,
    );
  });
  await t.step("a layer that names its parameters otherwise is an error", () => {
    const keepsShape: LayerType = { ...CONV, outputShape: (_spec, input) => input };
    assert.throws(
      () => onnxModelOf(net(5), { types: types(keepsShape) }),
      /layer 1 \(conv2d\): its operators read \[W1,b1\] but the layer holds \[W1,bias1\]/,
    );
  });
  await t.step("the registered conv2d, maxPool2d and flatten agree with their operators", () => {
    // Odd and even sizes, kernels and strides, both paddings: the exporter
    // would throw on any shape or parameter name the registered types disagree with.
    let checked = 0;
    for (const size of [5, 7, 8, 28]) {
      for (const kernel of [1, 2, 3, 4, 5]) {
        for (const stride of [1, 2, 3]) {
          for (const padding of ["valid", "same"] as const) {
            const conv = conv2d(2, kernel, { stride, padding });
            const [, side] = CONV2D.outputShape(conv, [3, size, size]);
            // A 2x2 pool, stride 2 (floor on odd sides), where the image holds one.
            const pool = side >= 2 ? [maxPool2d(2)] : [];
            const layers = [conv, ...pool, flatten()];
            const features = planNet(layers, [3, size, size]).output;
            const description: NetDescription = {
              input: [3, size, size],
              layers: [...layers, dense(features, 10)],
              params: randomParams(seededPrng(3), {
                W1: [2, 3 * kernel * kernel],
                b1: [2],
                W2: [10, features],
                b2: [10],
              }),
              metadata: {},
            };
            const { graph } = onnxModelOf(description);
            assert.deepEqual(graph.nodes.map((n) => n.opType), [
              "Reshape",
              "Conv",
              ...pool.map(() => "MaxPool"),
              "Flatten",
              "Gemm",
              "Softmax",
            ]);
            checked++;
          }
        }
      }
    }
    assert.equal(checked, 4 * 5 * 3 * 2);
  });
  await t.step("the registered dense and activations agree with their operators", () => {
    const layers = [SEED_NET.layers[0], { type: "leakyRelu" }, SEED_NET.layers[2]];
    assert.equal(onnxModelOf({ ...SEED_NET, layers }).graph.nodes.length, 4);
  });
});

Deno.test("exportOnnx()", async (t) => {
  await t.step("encodes onnxModelOf()'s model", () => {
    const bytes = exportOnnx(SEED_NET);
    assert.deepEqual(integers(bytes, 1), [ONNX_IR_VERSION]);
    assert.deepEqual(integers(messages(bytes, 8)[0], 2), [ONNX_OPSET]);
    const graph = messages(bytes, 7)[0];
    assert.deepEqual(messages(graph, 1).map((n) => strings(n, 4)[0]), [
      "Gemm",
      "Relu",
      "Gemm",
      "Softmax",
    ]);
    assert.deepEqual(messages(graph, 5).map((i) => strings(i, 8)[0]), ["W1", "b1", "W2", "b2"]);
  });
  await t.step("holds the weights as float32, a few hundred bytes besides", () => {
    const weights = 4 * (7840 + 10 + 100 + 10);
    const size = exportOnnx(SEED_NET).length;
    assert.ok(size > weights && size < weights + 2000, `${size} bytes`);
  });
  await t.step("is deterministic", () => {
    assert.deepEqual(exportOnnx(SEED_NET), exportOnnx(SEED_NET));
  });
});

Deno.test("the package uses no Deno API outside its tests, so a page can bundle it", async () => {
  const folder = new URL("./", import.meta.url);
  for await (const entry of Deno.readDir(folder)) {
    if (!entry.name.endsWith(".ts") || /_test\.ts$|^_test_/.test(entry.name)) continue;
    const code = (await Deno.readTextFile(new URL(entry.name, folder)))
      .replace(/^\s*(\*|\/\/).*$/gm, ""); // the JSDoc examples may use Deno
    assert.doesNotMatch(code, /\bDeno\./, entry.name);
  }
});
