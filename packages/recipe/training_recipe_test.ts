import assert from "node:assert/strict";
import { conv2d, dense, flatten, maxPool2d, relu } from "@simple-mnist/model";
import { PRESETS, recipeNet, resolve } from "./mod.ts";

Deno.test("resolve()", async (t) => {
  await t.step("gives the seed tutorial's run with nothing given", () => {
    const { recipe, origin } = resolve({});
    assert.deepEqual(recipe, {
      preset: null,
      layerSpec: null,
      hidden: [10],
      activation: "relu",
      dropout: 0,
      init: "uniform",
      resumedFrom: null,
      optimizer: "sgd",
      learningRate: 0.1,
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0,
      l2: 0,
      augment: "none",
      lrSchedule: "constant",
      lrStep: null,
      lrGamma: null,
      warmup: 0,
      earlyStop: null,
      iterations: 500,
      batchSize: null,
      seed: 0,
      devSize: 1000,
      limit: null,
    });
    assert.ok(Object.values(origin).every((o) => o === "default"));
  });
  await t.step("settles defaults that follow from other settings", () => {
    assert.equal(resolve({ optimizer: "adam" }).recipe.learningRate, 0.001);
    assert.equal(resolve({ optimizer: "adamw" }).recipe.weightDecay, 0.01);
    assert.equal(resolve({ optimizer: "adamw", weightDecay: 0 }).recipe.weightDecay, 0);
    assert.equal(resolve({ hidden: [512, 256] }).recipe.init, "he");
    assert.equal(resolve({ hidden: [128], activation: "tanh" }).recipe.init, "xavier");
    assert.equal(resolve({ lrSchedule: "step", lrStep: 10 }).recipe.lrGamma, 0.1);
    assert.equal(resolve({ resumedFrom: "m.model" }).recipe.init, null);
  });
  await t.step("lets given settings win over the preset's, and says which came from where", () => {
    const { recipe, origin } = resolve({ preset: "best", iterations: 2, learningRate: 0.01 });
    assert.deepEqual([recipe.iterations, recipe.learningRate, recipe.hidden], [
      2,
      0.01,
      PRESETS.best.hidden,
    ]);
    assert.deepEqual([origin.iterations, origin.hidden, origin.preset, origin.l2], [
      "given",
      "preset",
      "given",
      "default",
    ]);
  });
  await t.step("refuses settings that do not go together, in the caller's words", () => {
    const flag = (key: string) => `--${key}`;
    assert.throws(() => resolve({ lrStep: 5 }), /lrStep needs lrSchedule step/);
    assert.throws(
      () => resolve({ lrGamma: 0.5 }, { name: flag }),
      /--lrGamma needs --lrSchedule step/,
    );
    assert.throws(() => resolve({ lrSchedule: "step" }), /lrSchedule step needs lrStep/);
    assert.throws(
      () => resolve({ resumedFrom: "m.model", hidden: [32] }),
      /resumedFrom takes the architecture from m.model, dropout included: drop hidden/,
    );
    assert.throws(() => resolve({ resumedFrom: "m.model", preset: "best" }), /drop hidden/);
    assert.throws(
      () => resolve({ hidden: [1e6, 1e6] }),
      /hidden: it has \d+ parameters, more than/,
    );
  });
  await t.step("takes a whole net as a layer list, He-initialised by default", () => {
    const { recipe, origin } = resolve({
      layerSpec: "conv:8:5,relu,pool:2,dense:10",
      batchSize: 64,
    });
    assert.deepEqual([recipe.layerSpec, origin.layerSpec, recipe.init], [
      "conv:8:5,relu,pool:2,dense:10",
      "given",
      "he",
    ]);
  });
  await t.step("drops a preset's layer list for given hidden widths, and the reverse", () => {
    const mlp = resolve({ preset: "conv", hidden: [128] }).recipe;
    assert.deepEqual([mlp.layerSpec, mlp.hidden, mlp.optimizer], [null, [128], "adam"]);
    const conv = resolve({ preset: "best", layerSpec: "conv:4:3,dense:10" }).recipe;
    assert.equal(conv.layerSpec, "conv:4:3,dense:10");
  });
  await t.step("refuses a layer list beside MLP settings, or that does not fit the digits", () => {
    const flag = (key: string) =>
      ({ layerSpec: "--layers", hidden: "--hidden" })[key] ?? `--${key}`;
    const conv = "conv:8:5,relu,pool:2,dense:10";
    assert.throws(
      () => resolve({ layerSpec: conv, hidden: [32], batchSize: 64 }, { name: flag }),
      /--hidden and --layers both give the net: drop one/,
    );
    assert.throws(
      () => resolve({ layerSpec: conv, activation: "tanh", batchSize: 64 }, { name: flag }),
      /--activation is for the MLP of --hidden: with --layers, write it in the list/,
    );
    assert.throws(
      () => resolve({ layerSpec: conv, resumedFrom: "m.model" }, { name: flag }),
      /takes the architecture from m.model, dropout included: drop --layers/,
    );
    assert.throws(
      () => resolve({ layerSpec: "conv:8:5,pool:2,dense:5", batchSize: 64 }, { name: flag }),
      /--layers: the net ends in 5 outputs but there are 10 digits: end it with dense:10/,
    );
    assert.throws(
      () => resolve({ layerSpec: "conv:8:5,pool:2", batchSize: 64 }, { name: flag }),
      /--layers: the last layer outputs 8x12x12 per sample, but the softmax head needs a vector/,
    );
    assert.throws(
      () => resolve({ layerSpec: "conv:8:5,pool:30,dense:10", batchSize: 64 }, { name: flag }),
      /--layers: item 2, pool:30, cannot take the 8x24x24 output of item 1, conv:8:5: its 30x30 window is larger than the 24x24 image/,
    );
  });
  await t.step("refuses a full batch whose buffers would not fit", () => {
    assert.throws(
      () => resolve({ layerSpec: "conv:32:5,relu,pool:2,dense:10" }),
      /batchSize is needed: a full batch of 59000 images would take \d+\.\d GiB of buffers in this net/,
    );
    assert.equal(
      resolve({ layerSpec: "conv:32:5,relu,pool:2,dense:10", limit: 2000 }).recipe.batchSize,
      null,
    );
  });
});

Deno.test("recipeNet()", async (t) => {
  await t.step("gives the MLP of the hidden widths, or the layer list, for the images", () => {
    const settings = { layerSpec: null, hidden: [16], activation: "relu", dropout: 0 } as const;
    assert.deepEqual(recipeNet(settings, { height: 20, width: 20 }).input, [400]);
    assert.deepEqual(
      recipeNet({ ...settings, layerSpec: "conv:2:3,relu,pool:2,dense:10" }, {
        height: 8,
        width: 8,
      }),
      {
        input: [1, 8, 8],
        layers: [conv2d(2, 3), relu(), maxPool2d(2), flatten(), dense(18, 10)],
      },
    );
  });
});
