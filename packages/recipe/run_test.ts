import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { encodeModel, type EpochLogs } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRun, resolve } from "./mod.ts";

const { train } = await loadMnist();
const images = limitRows(train, 1200);

async function runOf(
  settings: Parameters<typeof resolve>[0],
  devEvery?: number,
  augmentInWorker?: boolean,
) {
  const { recipe } = resolve(settings);
  const prng = seededPrng(recipe.seed);
  const { train: fit, dev } = splitDev(images, 200, prng);
  const logs: EpochLogs[] = [];
  const run = createRun(new JsBackend(), recipe, { fit, dev }, prng, {
    devEvery,
    callbacks: [{ onEpochEnd: (l) => void logs.push(l) }],
    augmentInWorker,
  });
  const result = await run.fit();
  const bytes = encodeModel(await run.net.describe());
  run.dispose();
  run.net.dispose();
  return { run, result, logs, bytes };
}

Deno.test("createRun()", async (t) => {
  for (const augment of ["affine", "elastic"] as const) {
    await t.step(
      `gives the same model bytes with ${augment} in a worker as on this thread`,
      async () => {
        // 1,000 images in batches of 96: a short last batch, and two epochs.
        const settings = { hidden: [16], batchSize: 96, iterations: 2, augment, seed: 3 };
        const here = await runOf(settings, undefined, false);
        const worker = await runOf(settings, undefined, true);
        assert.deepEqual(worker.bytes, here.bytes);
        const none = await runOf({ ...settings, augment: "none" });
        assert.notDeepEqual(none.bytes, here.bytes, "augmentation changed nothing");
      },
    );
  }
  await t.step("trains the recipe's net with its schedule", async () => {
    const { logs, run } = await runOf({
      hidden: [16],
      optimizer: "momentum",
      batchSize: 100,
      iterations: 4,
      lrSchedule: "step",
      lrStep: 20,
      lrGamma: 0.5,
    });
    assert.equal(run.net.architecture, "784-16-10");
    // 10 steps an epoch: epoch 1 ends on step 19, epoch 2 on step 29.
    assert.deepEqual(logs.map((l) => l.learningRate), [0.1, 0.1, 0.05, 0.05]);
    assert.ok(logs[3].accuracy > logs[0].accuracy);
  });
  await t.step("evaluates dev as asked, and after every epoch when it stops early", async () => {
    const { logs } = await runOf({ batchSize: 100, iterations: 5 }, 2);
    assert.deepEqual(logs.map((l) => l.devLoss !== undefined), [true, false, true, false, true]);
    const early = await runOf({ batchSize: 100, iterations: 3, earlyStop: 5 });
    assert.ok(early.logs.every((l) => l.devLoss !== undefined));
    assert.equal(early.run.stopper!.patience, 5);
  });
  await t.step(
    "gives byte-identical models from the same seed, dropout and augmentation on",
    async () => {
      const settings = {
        hidden: [8],
        dropout: 0.2,
        augment: "affine",
        batchSize: 64,
        iterations: 1,
      } as const;
      const [a, b] = [await runOf(settings), await runOf(settings)];
      assert.deepEqual(a.bytes, b.bytes);
      const other = await runOf({ ...settings, seed: 1 });
      assert.notDeepEqual(a.bytes, other.bytes);
    },
  );
  await t.step("describes what it trains", async () => {
    const { run } = await runOf({ preset: "best", hidden: [8], iterations: 1 });
    assert.equal(
      run.description,
      "Training 784-8-10 relu on js: 1 iterations, adam, lr 0.003, cosine schedule, affine augmentation, batches of 256, he init, seed 0",
    );
  });
  await t.step("refuses a resumed model that takes other images", () => {
    const { recipe } = resolve({ resumedFrom: "m.model" });
    const { train: fit, dev } = splitDev(images, 200, seededPrng(0));
    const resumed = {
      input: [4],
      layers: [{ type: "dense", inputs: 4, units: 10 }],
      params: {},
      metadata: {},
    };
    assert.throws(
      () => createRun(new JsBackend(), recipe, { fit, dev }, seededPrng(0), { resumed }),
      /Cannot resume from m.model: the model takes 4 pixels but the images of .* have 784/,
    );
  });
});
