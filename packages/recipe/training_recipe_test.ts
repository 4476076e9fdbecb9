import assert from "node:assert/strict";
import { PRESETS, resolve } from "./mod.ts";

Deno.test("resolve()", async (t) => {
  await t.step("gives the seed tutorial's run with nothing given", () => {
    const { recipe, origin } = resolve({});
    assert.deepEqual(recipe, {
      preset: null,
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
});
