import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { PageTraining } from "./page_training.ts";
import { type PageRecipe, pageRecipe } from "./recipes.ts";
import type { FromWorker } from "./worker_protocol.ts";

const { train, test } = await loadMnist();
const { train: fit, dev } = splitDev(limitRows(train, 300), 100, seededPrng(0));
const data = { fit, dev, test: limitRows(test!, 100) };

/** The messages of one epoch of `page` on 200 images. */
async function oneEpoch(page: PageRecipe): Promise<FromWorker[]> {
  const posted: FromWorker[] = [];
  const training = new PageTraining(new JsBackend(), page, data, 0, (m) => void posted.push(m));
  await training.train(1);
  training.dispose();
  return posted;
}

Deno.test("PageTraining", async (t) => {
  await t.step("a dense first layer's units are posted as 28x28 images", async () => {
    const weights = (await oneEpoch(pageRecipe("small"))).filter((m) => m.type === "weights");
    assert.ok(weights.length > 0);
    const { layer, units, inputs, side } = weights.at(-1)!;
    assert.deepEqual([layer, units, inputs, side], ["dense", 32, 784, 28]);
  });

  await t.step("a conv net's first filters are posted as 5x5 images, and it is named", async () => {
    const posted = await oneEpoch(pageRecipe("conv"));
    const { layer, units, inputs, side, weights } = posted.findLast((m) => m.type === "weights")!;
    assert.deepEqual([layer, units, inputs, side, weights.length], ["conv2d", 8, 25, 5, 200]);
    const model = posted.find((m) => m.type === "model")!;
    assert.equal(model.shape, "28x28-conv5x5x8-pool2-conv5x5x16-pool2-10");
  });
});
