// Checked by a real engine: each exported model runs in ONNX Runtime
// (onnxruntime-web, WebAssembly) on 1,000 MNIST test images, and must agree
// with our side, our engine (Sequential) for the nets it builds and a
// float64 reference for the conv nets, on every prediction and on every
// probability within 1e-5. The conv nets the model builds (conv2d,
// maxPool2d, flatten) run in our engine, one of them trained briefly; those
// with layers it does not build yet (avgPool2d, batchNorm) in the float64
// reference.
import assert from "node:assert/strict";
import type { Activation } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { limitRows, loadMnist } from "@simple-mnist/data";
import {
  Adam,
  conv2d,
  dense,
  flatten,
  type LayerSpec,
  maxPool2d,
  mlp,
  type NetDescription,
  relu,
  Sequential,
  tanh,
  Trainer,
} from "@simple-mnist/model";
import { type Prng, seededPrng } from "@simple-mnist/random";
import {
  agreement,
  mnistTestImages,
  onnxRuntimeProbabilities,
  ourProbabilities,
} from "./testing.ts";
import { randomParams } from "./_test_params.ts";
import { referenceProbabilities } from "./_test_reference.ts";
import { HAS_PYTHON_ONNX, officialCheck } from "./_test_checker.ts";
import { exportOnnx, onnxModelOf } from "./export_onnx.ts";
import { modelProto } from "./onnx_messages.ts";

const IMAGES = 1000;
const TOLERANCE = 1e-5;
const pixels = await mnistTestImages(IMAGES);

/** A net as `train --save` describes it, with freshly drawn parameters. */
function described(
  layers: LayerSpec[],
  seed: number,
  input?: number[],
): Promise<NetDescription> {
  const net = new Sequential(new JsBackend(), layers, {
    input,
    prng: seededPrng(seed),
    init: "he",
    noise: seededPrng(1),
  });
  return net.describe({ seed });
}

const perceptron = (widths: number[], g: Activation = "relu", seed = 0) =>
  described(mlp(widths, g), seed);

async function assertAgree(
  ours: ArrayLike<number>,
  description: NetDescription,
  exported = exportOnnx(description),
): Promise<void> {
  const theirs = await onnxRuntimeProbabilities(exported, pixels, IMAGES);
  const { disagreements, maxDifference } = agreement(ours, theirs, 10);
  assert.equal(disagreements, 0, `${disagreements} of ${IMAGES} predictions differ`);
  assert.ok(maxDifference <= TOLERANCE, `probabilities differ by up to ${maxDifference}`);
}

const MLP_NETS: [string, () => Promise<NetDescription>][] = [
  ["the seed net, 784-10-10 relu", () => perceptron([784, 10, 10])],
  ["a deep net, 784-512-256-10", () => perceptron([784, 512, 256, 10])],
  ...(["relu", "leaky-relu", "tanh", "sigmoid"] as const).map((
    g,
  ): [string, () => Promise<NetDescription>] => [
    `784-64-32-10 ${g}`,
    () => perceptron([784, 64, 32, 10], g, 1),
  ]),
  [
    "784-64-32-10 relu with dropout, the identity at inference",
    () => described(mlp([784, 64, 32, 10], "relu", { dropout: 0.5 }), 2),
  ],
];

Deno.test("exportOnnx() runs in ONNX Runtime as our engine does", async (t) => {
  for (const [name, build] of MLP_NETS) {
    await t.step(name, async () => {
      const description = await build();
      await assertAgree(await ourProbabilities(description, pixels, IMAGES), description);
    });
  }
  await t.step(
    "a swapped weight layout is caught (W2 transposed, as transB = 0 would)",
    async () => {
      const description = await perceptron([784, 10, 10], "relu", 3);
      const ours = await ourProbabilities(description, pixels, IMAGES);
      const W2 = description.params.W2.values;
      const transposed = W2.map((_, k) => W2[(k % 10) * 10 + Math.floor(k / 10)]);
      const wrong = {
        ...description,
        params: { ...description.params, W2: { shape: [10, 10], values: transposed } },
      };
      await assert.rejects(assertAgree(ours, wrong), assert.AssertionError);
    },
  );
});

const IMAGE = [1, 28, 28];
/** The `--preset conv` net: conv 5x5x16, relu, pool 2, conv 5x5x32, relu, pool 2, dense 10. */
const PRESET_CONV: LayerSpec[] = [
  conv2d(16, 5),
  relu(),
  maxPool2d(2),
  conv2d(32, 5),
  relu(),
  maxPool2d(2),
  flatten(),
  dense(512, 10),
];

/** The preset's net after 60 Adam steps of 64 images on the wasm backend (92% of the test set right). */
async function trainedPresetConv(): Promise<NetDescription> {
  const backend = new WasmBackend({ threads: 1 });
  try {
    const { train } = await loadMnist();
    const net = new Sequential(backend, PRESET_CONV, {
      input: IMAGE,
      prng: seededPrng(7),
      init: "he",
      noise: seededPrng(1),
    });
    const trainer = new Trainer(net, limitRows(train, 60 * 64), {
      optimizer: new Adam(backend),
      learningRate: 0.002,
      batchSize: 64,
      prng: seededPrng(8),
    });
    await trainer.fit({ epochs: 1 });
    return await net.describe({ seed: 7 });
  } finally {
    backend.close();
  }
}

/** Conv nets our engine builds, as `--layers` would give them. */
const ENGINE_CONV_NETS: [string, () => Promise<NetDescription>][] = [
  [
    "conv2d valid 5x5, relu, maxPool2d, flatten, dense",
    () =>
      described([conv2d(4, 5), relu(), maxPool2d(2), flatten(), dense(4 * 12 * 12, 10)], 10, IMAGE),
  ],
  [
    "conv2d same 3x3 and same 4x4 (odd padding after), maxPool2d 3 stride 2, tanh",
    () =>
      described(
        [
          conv2d(3, 3, { padding: "same" }),
          tanh(),
          conv2d(5, 4, { padding: "same" }),
          relu(),
          maxPool2d(3, 2), // 13x13
          flatten(),
          dense(5 * 13 * 13, 10),
        ],
        11,
        IMAGE,
      ),
  ],
  [
    "conv2d stride 2 valid and same, two convs, dense hidden layer",
    () =>
      described(
        [
          conv2d(6, 3, { stride: 2 }), // 13x13
          relu(),
          conv2d(8, 3, { stride: 2, padding: "same" }), // 7x7
          relu(),
          flatten(),
          dense(8 * 7 * 7, 32),
          relu(),
          dense(32, 10),
        ],
        12,
        IMAGE,
      ),
  ],
  ["the --preset conv net, random (He)", () => described(PRESET_CONV, 13, IMAGE)],
  ["the --preset conv net, trained for 60 steps", trainedPresetConv],
];

Deno.test("exportOnnx() runs conv nets in ONNX Runtime as our engine does", async (t) => {
  for (const [name, build] of ENGINE_CONV_NETS) {
    await t.step(name, async () => {
      const description = await build();
      await assertAgree(await ourProbabilities(description, pixels, IMAGES), description);
    });
  }
  await t.step("a conv kernel transposed (read x for y) is caught", async () => {
    const description = await ENGINE_CONV_NETS[0][1]();
    const ours = await ourProbabilities(description, pixels, IMAGES);
    const W1 = description.params.W1.values;
    const swapped = W1.map((_, i) => {
      const [f, ky, kx] = [Math.floor(i / 25), Math.floor(i / 5) % 5, i % 5];
      return W1[f * 25 + kx * 5 + ky];
    });
    const wrong = {
      ...description,
      params: { ...description.params, W1: { shape: [4, 25], values: swapped } },
    };
    await assert.rejects(assertAgree(ours, wrong), assert.AssertionError);
  });
});

const CONV_NETS: [string, (prng: Prng) => NetDescription][] = [
  ["conv2d same, maxPool2d, conv2d valid, avgPool2d, flatten, dense", (prng): NetDescription => ({
    input: [1, 28, 28],
    layers: [
      { type: "conv2d", filters: 4, kernel: 3, padding: "same" },
      { type: "relu" },
      { type: "maxPool2d", size: 2 },
      { type: "conv2d", filters: 8, kernel: 3, stride: 1, padding: "valid" },
      { type: "leakyRelu" },
      { type: "avgPool2d", size: 2, stride: 2 },
      { type: "flatten" },
      { type: "dense", inputs: 8 * 6 * 6, units: 10 },
    ],
    params: randomParams(prng, {
      W1: [4, 9],
      b1: [4],
      W2: [8, 4 * 9],
      b2: [8],
      W3: [10, 288],
      b3: [10],
    }),
    metadata: {},
  })],
  [
    "conv2d stride 2 same (odd padding after), batchNorm, overlapping maxPool2d, flatten, dense",
    (prng): NetDescription => ({
      input: [1, 28, 28],
      layers: [
        { type: "conv2d", filters: 6, kernel: 3, stride: 2, padding: "same" }, // 14x14
        { type: "batchNorm", epsilon: 1e-3, momentum: 0.9 },
        { type: "tanh" },
        { type: "maxPool2d", size: 3, stride: 2 }, // 6x6
        { type: "dropout", rate: 0.25 },
        { type: "flatten" },
        { type: "dense", inputs: 6 * 6 * 6, units: 32 },
        { type: "batchNorm", epsilon: 1e-5 },
        { type: "sigmoid" },
        { type: "dense", inputs: 32, units: 10 },
      ],
      params: randomParams(prng, {
        W1: [6, 9],
        b1: [6],
        gamma2: [6],
        beta2: [6],
        mean2: [6],
        variance2: [6],
        W3: [32, 216],
        b3: [32],
        gamma4: [32],
        beta4: [32],
        mean4: [32],
        variance4: [32],
        W5: [10, 32],
        b5: [10],
      }),
      metadata: {},
    }),
  ],
];

Deno.test("exportOnnx() runs conv nets in ONNX Runtime as the float64 reference does", async (t) => {
  for (const [name, build] of CONV_NETS) {
    await t.step(name, async () => {
      const description = build(seededPrng(4));
      await assertAgree(referenceProbabilities(description, pixels, IMAGES), description);
    });
  }
  await t.step("a kernel read with x and y swapped is caught", async () => {
    const description = CONV_NETS[0][1](seededPrng(5));
    const ours = referenceProbabilities(description, pixels, IMAGES);
    const W1 = description.params.W1.values;
    const swapped = W1.map((_, i) => {
      const [f, ky, kx] = [Math.floor(i / 9), Math.floor(i / 3) % 3, i % 3];
      return W1[f * 9 + kx * 3 + ky];
    });
    const wrong = {
      ...description,
      params: { ...description.params, W1: { shape: [4, 9], values: swapped } },
    };
    await assert.rejects(assertAgree(ours, wrong), assert.AssertionError);
  });
  await t.step("channels read in the wrong order are caught", async () => {
    const description = CONV_NETS[0][1](seededPrng(5));
    const ours = referenceProbabilities(description, pixels, IMAGES);
    // W2's columns read as (ky, kx, c), channels last, instead of (c, ky, kx).
    const W2 = description.params.W2.values;
    const channelsLast = W2.map((_, i) => {
      const [f, c, k] = [Math.floor(i / 36), Math.floor(i / 9) % 4, i % 9];
      return W2[f * 36 + k * 4 + c];
    });
    const wrong = {
      ...description,
      params: { ...description.params, W2: { shape: [8, 36], values: channelsLast } },
    };
    await assert.rejects(assertAgree(ours, wrong), assert.AssertionError);
  });
});

Deno.test("ONNX Runtime leaves the web Worker for the wasm backend's kernel thread", async () => {
  const WebWorker = globalThis.Worker;
  await onnxRuntimeProbabilities(exportOnnx(await MLP_NETS[0][1]()), pixels, IMAGES);
  assert.equal(globalThis.Worker, WebWorker, "its Emscripten module swaps in node's Worker");
  const worker = new Worker("data:text/javascript,postMessage(1)", { type: "module" });
  await new Promise((resolve) => worker.onmessage = resolve);
  worker.terminate();
});

Deno.test({
  name: "onnx.checker (python3-onnx) accepts every exported net, full_check",
  ignore: !HAS_PYTHON_ONNX,
  fn: async (t) => {
    for (const [name, build] of MLP_NETS) {
      await t.step(name, async () => await officialCheck(exportOnnx(await build())));
    }
    for (const [name, build] of CONV_NETS) {
      await t.step(name, async () => await officialCheck(exportOnnx(build(seededPrng(4)))));
    }
    for (const [name, build] of ENGINE_CONV_NETS.slice(0, 4)) {
      await t.step(name, async () => await officialCheck(exportOnnx(await build())));
    }
    await t.step("and refuses one whose declared output disagrees with its graph", async () => {
      const model = onnxModelOf(await MLP_NETS[0][1]());
      const outputs = [{ ...model.graph.outputs[0], shape: ["N", 11] }];
      const wrong = modelProto({ ...model, graph: { ...model.graph, outputs } });
      await assert.rejects(officialCheck(wrong), /onnx\.checker refuses the model/);
    });
  },
});
